#!/usr/bin/env bash
# The test suite: installs what is missing, builds, runs every test. (README: "Run the tests".)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product repgeom
swift test
