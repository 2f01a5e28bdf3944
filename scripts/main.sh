#!/usr/bin/env bash
# The main job: installs what is missing, builds repgeom in release mode and runs the quick demo
# (a few seconds): the T3 task at one alignment, then tanh and relu networks trained on it, one
# JSON record per network in out/demo/. (The reproduction replaces this demo later.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product repgeom
repgeom=.build/release/repgeom
$repgeom --version
task="aligned_cube:d=3,k=1,c=0.2,N=100,sigma=1"
$repgeom task show "$task"
for activation in tanh relu; do
  $repgeom train --task "$task" --activation "$activation" --hidden 128 --epochs 30 --checkpoint-every 10 \
    --train-samples 1000 --test-samples 500 --seeds 0-1 --out out/demo
done
