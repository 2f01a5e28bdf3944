#!/usr/bin/env bash
# The test suite (README: "Run the tests"): installs what is missing (including what the
# integration tests need: a throwaway Slurm, headless Chromium), builds in release mode with
# testing enabled, runs every test. Its own build folder keeps it from rebuilding the main job's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh chromium slurmctld slurmd slurm-client
export OPENBLAS_NUM_THREADS=1
swift test -c release -Xswiftc -enable-testing --scratch-path .build-test "$@"
