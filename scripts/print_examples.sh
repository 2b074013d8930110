#!/usr/bin/env bash
# Writes examples/models/<model>.mlir: each model program printed at a small
# config. tests/lit/examples/models_current.test checks they are current.
# Usage: scripts/print_examples.sh [TGC] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tgc=${1:-build/bin/tgc}
out=${2:-examples/models}
mkdir -p "$out"
while read -r model config; do
  {
    echo "// tgc model $model --config $config"
    "$tgc" model "$model" --config "$config"
  } > "$out/$model.mlir"
done <<'MODELS'
transformer vocab=100,d_model=16,heads=2,d_ff=32,enc_layers=1,dec_layers=1,batch=2,src_len=6,tgt_len=5,with_loss=true
transformer_encoder vocab=100,d_model=16,heads=2,d_ff=32,layers=1,batch=2,seq_len=6,padding_mask=true
transformer_lm vocab=100,d_model=16,heads=2,d_ff=32,layers=1,batch=2,seq_len=6,with_loss=true
lstm input_size=4,hidden_size=8,layers=2,bidirectional=true,batch=2,seq_len=3,with_loss=true
gru input_size=4,hidden_size=8,layers=1,batch=2,seq_len=3,with_loss=true
vq num_vectors=8,dim=4,codebook_size=16,with_loss=true
vq_vae batch=4,in_dim=12,hidden=16,dim=4,codebook_size=16,with_loss=true
gumbel_vq num_vectors=8,dim=4,codebook_size=16,tau=0.5,seed=7,training=true,hard=true
MODELS
