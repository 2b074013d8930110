#!/usr/bin/env bash
# Example (b) of examples/README.md, "Training examples": a one-layer LSTM
# learns to be a shift register (make_data.py states the task), trained
# with `tgc train` on the onednn backend, then run on held-out sequences
# four times longer than those it was trained on. Every step is seeded, so
# a rerun prints the same losses and writes the same weights.
# Usage: examples/training/lstm/run.sh [TGC] [OUT_DIR] [SEED]
#   SEED the seed of the initial weights (default 0, what examples/README.md
#        shows); the data's seeds stay fixed
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tgc=${1:-build/bin/tgc}
out=${2:-/tmp/tgc-lstm}
seed=${3:-0}
mkdir -p "$out"

# 8 batches of 16 random bit sequences of 16 steps, and 16 held-out ones
# of 64 steps drawn with another seed.
python3 "$here/make_data.py" --batch 16 --seq-len 16 --hidden 8 \
    --num-batches 8 --seed 0 -o "$out/train.safetensors"
python3 "$here/make_data.py" --batch 16 --seq-len 64 --hidden 8 \
    --num-batches 1 --seed 1 --npy-dir "$out/heldout"

# The model: hidden_size 8 is the length of the shift register.
"$tgc" model lstm --config input_size=1,hidden_size=8,batch=16,seq_len=16,with_loss=true \
    > "$out/lstm.mlir"
"$tgc" train "$out/lstm.mlir" --data "$out/train.safetensors" --backend onednn \
    --optimizer adam --lr 0.02 --steps 400 --seed $seed --log-every 25 \
    --save "$out/trained.safetensors" | tee "$out/train.log"

# The trained weights on the held-out sequences: the same params, built
# for seq_len 64.
"$tgc" model lstm --config input_size=1,hidden_size=8,batch=16,seq_len=64,with_loss=true \
    > "$out/lstm_64.mlir"
"$tgc" run "$out/lstm_64.mlir" --backend onednn --weights "$out/trained.safetensors" \
    --input x="$out/heldout/x.npy" --input target="$out/heldout/target.npy" \
    --output-dir "$out/heldout_run" > /dev/null
"$tgc" show "$out/heldout_run/loss.npy"

# The loss curve, as in examples/README.md.
echo "| step | loss |"
echo "|---:|---:|"
awk '/^step /{split($2, s, "/"); print "| " s[1] " | " $4 " |"}' "$out/train.log"
