#!/usr/bin/env bash
# Builds tgc_bench, runs it and the PyTorch / ONNX Runtime peers on the same
# workloads, and prints one table of medians with tgc / best-peer ratios.
#
#   bench/run.sh [BUILD_DIR]            (default: build)
#
# Environment:
#   REPS=5                  repetitions (tgc_bench and peers.py alike)
#   THREADS=2               threads for the peers (tgc uses OpenMP's default)
#   WORKLOADS="a b ..."     subset of: encoder6 encdec2x2 lstm2 vq
#                           attn512_fused attn512_unfused attn2048_fused
#                           attn2048_unfused (default: all)
#   PEERS_PYTHON=/usr/bin/python3   the Python that runs peers.py (must see
#                           torch; onnxruntime is optional)
#   OUT=DIR                 where the JSON files go (default: a temp dir)
#
# Workloads are measured one at a time, tgc then its peers, so that each
# ratio compares numbers taken minutes apart on a shared machine. This
# script installs nothing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
reps="${REPS:-5}"
threads="${THREADS:-2}"
python="${PEERS_PYTHON:-/usr/bin/python3}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
workloads="${WORKLOADS:-encoder6 encdec2x2 lstm2 vq attn512_fused attn512_unfused attn2048_fused attn2048_unfused}"

ninja -C "$build" tgc_bench >&2
bench="$build/bin/tgc_bench"

have_torch=1
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "torch not installed for $python: PyTorch and ORT peers skipped" >&2
  have_torch=0
fi

for w in $workloads; do
  echo "== $w: tgc" >&2
  TGC_BENCH_REPETITIONS="$reps" "$bench" --benchmark_filter="^$w/" \
    --benchmark_format=json --benchmark_out="$out/tgc_$w.json" \
    --benchmark_out_format=json >/dev/null
  if [ "$have_torch" = 1 ]; then
    echo "== $w: peers" >&2
    "$python" "$here/peers.py" --reps "$reps" --threads "$threads" --only "$w" \
      --json "$out/peers_$w.json" 2> "$out/peers_$w.log" >&2 ||
      echo "peers.py failed for $w (see $out/peers_$w.log)" >&2
  fi
done

"$python" - "$out" $workloads <<'EOF'
import json, os, sys
out, workloads = sys.argv[1], sys.argv[2:]
def fmt(x):
    return f"{x:.2f}" if isinstance(x, float) else x
rows = []
for w in workloads:
    name, tgc = w, None
    with open(os.path.join(out, f"tgc_{w}.json")) as f:
        for b in json.load(f)["benchmarks"]:
            if b.get("error_occurred"):
                tgc = "error: " + b.get("error_message", "")
                name = b["name"].split("/repeats")[0]
            elif b.get("aggregate_name") == "median":
                assert b["time_unit"] == "ms"
                tgc = b["real_time"]
                name = b["run_name"].split("/repeats")[0].split("/real_time")[0]
    pt = ort = "-"
    path = os.path.join(out, f"peers_{w}.json")
    if os.path.exists(path):
        with open(path) as f:
            r = json.load(f)["results"].get(w, {})
        pt = r.get("pytorch_ms", "-")
        ort = r.get("ort_ms", "skipped" if "ort_error" not in r else "export failed")
    peers = [x for x in (pt, ort) if isinstance(x, float)]
    ratio = f"{tgc / min(peers):.2f}" if peers and isinstance(tgc, float) else "-"
    rows.append((name, fmt(tgc), fmt(pt), fmt(ort), ratio))
print("| workload | tgc onednn (ms) | PyTorch (ms) | ORT (ms) | tgc / best peer |")
print("|---|---:|---:|---:|---:|")
for r in rows:
    print("| " + " | ".join(str(c) for c in r) + " |")
print(f"\n(medians of repetitions; JSON in {out})")
EOF
