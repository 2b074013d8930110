#!/usr/bin/env bash
# Example (a) of examples/README.md, "Training examples": a small
# decoder-only Transformer language model (transformer_lm) trained with
# `tgc train` on the onednn backend, on examples/data/corpus.txt tokenized
# by `tgc tokenize` (byte-level BPE). Every step is seeded, so a rerun
# prints the same losses and writes the same weights.
#
# Usage: examples/training/lm/run.sh [TGC] [OUT_DIR] [SIZE] [SEED]
#   SIZE example (the default): what examples/README.md shows, 600 steps
#        small: a smaller model for 100 steps, what
#        tests/lit/examples/training_lm.test runs
#   SEED the seed of the initial weights and of the batch shuffle (default
#        0, what examples/README.md shows)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$here/../../data" && pwd)/corpus.txt
tgc=${1:-build/bin/tgc}
out=${2:-/tmp/tgc-lm}
size=${3:-example}
seed=${4:-0}
case "$size" in
  example) merges=256 shape=d_model=64,heads=4,d_ff=128,layers=2 lr=3e-3 steps=600 every=50 ;;
  small) merges=64 shape=d_model=32,heads=2,d_ff=64,layers=1 lr=1e-2 steps=100 every=20 ;;
  *) echo "usage: $0 [TGC] [OUT_DIR] [example|small] [SEED]" >&2; exit 2 ;;
esac
vocab=$((256 + merges))
mkdir -p "$out"

# BPE merges learned on the corpus: the vocab is 256 bytes + the merges.
"$tgc" tokenize learn "$corpus" --merges $merges -o "$out/merges.txt"
# Training data: the corpus's ids cut into windows of 32, shuffled, 8 per
# batch; labels are the same ids shifted by one (the next token).
"$tgc" tokenize batches "$corpus" --bpe "$out/merges.txt" --batch 8 --seq-len 32 \
    --seed $seed --vocab $vocab -o "$out/batches.safetensors"

# The model and its training: untied input and output embeddings, so the
# bigram statistics are learned early (with tied ones the loss stays at the
# unigram entropy for a few hundred steps more).
"$tgc" model transformer_lm \
    --config vocab=$vocab,$shape,seq_len=32,batch=8,tie_embeddings=false,with_loss=true \
    > "$out/lm.mlir"
"$tgc" train "$out/lm.mlir" --data "$out/batches.safetensors" --backend onednn \
    --optimizer adam --lr $lr --steps $steps --seed $seed --log-every $every \
    --save "$out/trained.safetensors" | tee "$out/train.log"

# The trained model on a sentence that is not in the corpus (its first 32
# tokens; the same params, built for batch 1 without the loss): each input
# token beside the model's guess for the token after it. A guess is right
# when it is the next row's input.
"$tgc" model transformer_lm --config vocab=$vocab,$shape,seq_len=32,batch=1,tie_embeddings=false \
    > "$out/lm_1.mlir"
"$tgc" tokenize encode "$here/prompt.txt" --bpe "$out/merges.txt" --seq-len 32 \
    -o "$out/prompt.npy" > /dev/null
"$tgc" run "$out/lm_1.mlir" --backend onednn --weights "$out/trained.safetensors" \
    --input tokens="$out/prompt.npy" --output-dir "$out/prompt_run" > /dev/null
"$tgc" tokenize decode "$out/prompt.npy" --bpe "$out/merges.txt" --tokens > "$out/prompt_tokens.txt"
"$tgc" tokenize decode "$out/prompt_run/logits.npy" --argmax --bpe "$out/merges.txt" \
    --tokens > "$out/guesses.txt"
paste "$out/prompt_tokens.txt" "$out/guesses.txt" | awk -F'\t' '
  BEGIN { printf "%-14s %s\n", "token", "guess of the next" }
  { printf "%-14s %s\n", $1, $2; if (NR > 1 && $1 == last) right++; last = $2 }
  END { printf "%d of %d guesses right\n", right, NR - 1 }'
echo

# The loss curve, as in examples/README.md.
echo "| step | loss |"
echo "|---:|---:|"
awk '/^step /{split($2, s, "/"); print "| " s[1] " | " $4 " |"}' "$out/train.log"
