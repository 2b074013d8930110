#!/usr/bin/env bash
# The main job: set up, build, and run the example Transformer
# (encoder-decoder, a model program) on the CPU backend (oneDNN) with seeded
# random weights and inputs, then check it against the float64 reference.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
out=build/example
mkdir -p "$out"
build/bin/tgc model transformer \
  --config vocab=1000,d_model=64,heads=4,d_ff=256,enc_layers=2,dec_layers=2,batch=2,src_len=16,tgt_len=16 \
  > "$out/transformer.mlir"
build/bin/tgc init-weights "$out/transformer.mlir" --seed 0 -o "$out/weights.safetensors"
build/bin/tgc run "$out/transformer.mlir" --backend=onednn \
  --weights "$out/weights.safetensors" --random-inputs 1 --output-dir "$out"
build/bin/tgc show "$out/logits.npy" --limit 8
build/bin/tgc conformance "$out/transformer.mlir" --backends=onednn \
  --weights "$out/weights.safetensors" --random-inputs 1
