#!/usr/bin/env bash
# Startup and steady-state latency of a compiled Transformer binary: the
# encdec2x2 workload of bench/run.sh (encoder-decoder, 2 + 2 layers,
# d_model 256, 4 heads, d_ff 1024, vocab 8000, batch 8, seq 64), compiled
# with `tgc compile --embed-weights`, beside PyTorch eager on the same
# workload measured in the same run.
#
#   bench/compiled.sh [BUILD_DIR]      (default: build)
#
# Environment: REPS=5 (processes started; each reports startup and the
# median of RUNS runs), RUNS=20, THREADS=2 (PyTorch threads),
# PEERS_PYTHON=/usr/bin/python3. Installs nothing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
reps="${REPS:-5}"
runs="${RUNS:-20}"
threads="${THREADS:-2}"
python="${PEERS_PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

ninja -C "$build" tgc >&2
tgc="$build/bin/tgc"
"$tgc" model transformer --config enc_layers=2,dec_layers=2,d_model=256,heads=4,d_ff=1024,vocab=8000,batch=8,src_len=64,tgt_len=64 \
  > "$out/encdec.mlir"
"$tgc" init-weights "$out/encdec.mlir" --seed 0 -o "$out/w.safetensors" >&2
start=$(date +%s%N)
"$tgc" compile "$out/encdec.mlir" -o "$out/encdec" --weights "$out/w.safetensors" --embed-weights >&2
echo "compile time: $(( ($(date +%s%N) - start) / 1000000 )) ms, binary $(stat -c %s "$out/encdec") bytes" >&2

for i in $(seq "$reps"); do
  "$out/encdec" --random-inputs 1 --bench "$runs"
done > "$out/runs.txt"

peer="-"
if "$python" -c 'import torch' 2>/dev/null; then
  "$python" "$here/peers.py" --reps "$reps" --threads "$threads" --only encdec2x2 \
    --json "$out/peers.json" > /dev/null 2>&1 &&
    peer=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['results']['encdec2x2']['pytorch_ms'])" "$out/peers.json")
else
  echo "torch not installed for $python: PyTorch peer skipped" >&2
fi

"$python" - "$out/runs.txt" "$peer" <<'PY'
import re, statistics, sys
text = open(sys.argv[1]).read()
startup = [float(x) for x in re.findall(r"startup \(load \+ first run\): ([0-9.]+) ms", text)]
median = [float(x) for x in re.findall(r"median ([0-9.]+) ms", text)]
peer = sys.argv[2]
print(f"| compiled encdec2x2 | median over {len(startup)} processes |")
print("|---|---:|")
print(f"| startup (load + first run) | {statistics.median(startup):.1f} ms |")
print(f"| steady-state latency | {statistics.median(median):.2f} ms |")
if peer != "-":
    p = float(peer)
    print(f"| PyTorch eager, same run | {p:.2f} ms |")
    print(f"| compiled / PyTorch | {statistics.median(median) / p:.2f} |")
PY
