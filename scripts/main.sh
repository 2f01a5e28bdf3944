#!/usr/bin/env bash
# The main job (README: "Set up, build and reproduce"): installs what is missing, builds repgeom
# in release mode and runs the quick-scale reproduction of every experiment (E1–E8) into
# out/quick/: the result store, per-experiment CSVs, figures and the report, whose path it
# prints last. Rerunning resumes: finished networks are skipped.
# Usage: scripts/main.sh [OUT-DIR]   (default out/quick)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/quick}"
scripts/install-deps.sh
swift build -c release --product repgeom
repgeom=.build/release/repgeom
$repgeom --version
# One network per core, BLAS single-threaded (the reproduction sets this itself too).
export OPENBLAS_NUM_THREADS=1
$repgeom reproduce all --scale quick --out "$out"
