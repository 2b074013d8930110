#!/usr/bin/env bash
# The main job: set up, build, compile the example Transformer
# (encoder-decoder, a model program) to a standalone CPU binary (oneDNN)
# with seeded random weights embedded, run the binary, and check its
# outputs: bit-identical to the in-process run, and within tolerance of the
# float64 reference.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
out=build/example
mkdir -p "$out"
build/bin/tgc model transformer \
  --config vocab=1000,d_model=64,heads=4,d_ff=256,enc_layers=2,dec_layers=2,batch=2,src_len=16,tgt_len=16 \
  > "$out/transformer.mlir"
build/bin/tgc init-weights "$out/transformer.mlir" --seed 0 -o "$out/weights.safetensors"
build/bin/tgc compile "$out/transformer.mlir" --backend=onednn -o "$out/transformer" \
  --weights "$out/weights.safetensors" --embed-weights
"$out/transformer" --random-inputs 1 --output-dir "$out/binary"
"$out/transformer" --random-inputs 1 --bench 10
build/bin/tgc show "$out/binary/logits.npy" --limit 8
build/bin/tgc run "$out/transformer.mlir" --backend=onednn \
  --weights "$out/weights.safetensors" --random-inputs 1 --output-dir "$out/in-process" > /dev/null
for f in "$out"/binary/*.npy; do
  cmp "$f" "$out/in-process/$(basename "$f")"
done
echo "the binary's outputs are bit-identical to tgc run --backend=onednn"
build/bin/tgc conformance "$out/transformer.mlir" --backends=onednn \
  --weights "$out/weights.safetensors" --random-inputs 1
