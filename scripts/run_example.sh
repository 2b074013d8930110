#!/usr/bin/env bash
# The main job: set up, build, and run the example Transformer encoder on
# the reference backend with seeded random weights and inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
out=build/example
mkdir -p "$out"
build/bin/tgc init-weights examples/transformer_encoder.mlir --seed 0 -o "$out/weights.safetensors"
build/bin/tgc run examples/transformer_encoder.mlir --backend=reference \
  --weights "$out/weights.safetensors" --random-inputs 1 --output-dir "$out"
build/bin/tgc show "$out/logits.npy" --limit 8
