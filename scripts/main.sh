#!/usr/bin/env bash
# The main job: installs what is missing, builds repgeom in release mode and runs the quick demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product repgeom
.build/release/repgeom --version
