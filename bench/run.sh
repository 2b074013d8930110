#!/usr/bin/env bash
# Builds tgc_bench, runs it and the PyTorch / ONNX Runtime peers on the same
# workloads, and prints one table of medians with tgc / best-peer ratios.
#
#   bench/run.sh [BUILD_DIR]            (default: build)
#
# Environment:
#   REPS=5                  repetitions (tgc_bench and peers.py alike)
#   ROUNDS=1                rounds: each measures the machine's FMA peak and
#                           every workload again, tgc then peers; the table
#                           gives the median over rounds and the range of
#                           the per-round ratios
#   THREADS=2               threads for the peers (tgc uses OpenMP's default)
#   WORKLOADS="a b ..."     subset of: encoder6 encdec2x2 lstm2 vq
#                           attn512_fused attn512_unfused attn2048_fused
#                           attn2048_unfused (default: all)
#   PEERS_PYTHON=/usr/bin/python3   the Python that runs peers.py (must see
#                           torch; onnxruntime is optional)
#   OUT=DIR                 where the JSON files go (default: a temp dir)
#
# Workloads are measured one at a time, tgc then its peers, so that each
# ratio compares numbers taken seconds apart on a shared machine whose
# speed drifts; with ROUNDS > 1 each round gives its own ratio, and the
# median of those ratios is what a drift of a few percent cannot tip.
# This script installs nothing.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
reps="${REPS:-5}"
rounds="${ROUNDS:-1}"
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

for round in $(seq "$rounds"); do
echo "== round $round: the machine's FMA peak" >&2
TGC_BENCH_REPETITIONS="$reps" "$bench" --benchmark_filter="^peak/" \
  --benchmark_format=json --benchmark_out="$out/tgc_peak_r$round.json" \
  --benchmark_out_format=json >/dev/null
for w in $workloads; do
  echo "== round $round: $w: tgc" >&2
  TGC_BENCH_REPETITIONS="$reps" "$bench" --benchmark_filter="^$w/" \
    --benchmark_format=json --benchmark_out="$out/tgc_${w}_r$round.json" \
    --benchmark_out_format=json >/dev/null
  if [ "$have_torch" = 1 ]; then
    echo "== round $round: $w: peers" >&2
    "$python" "$here/peers.py" --reps "$reps" --threads "$threads" --only "$w" \
      --json "$out/peers_${w}_r$round.json" 2> "$out/peers_${w}_r$round.log" >&2 ||
      echo "peers.py failed for $w (see $out/peers_${w}_r$round.log)" >&2
  fi
done
done

"$python" - "$out" "$rounds" $workloads <<'EOF'
import json, os, statistics, sys
out, rounds, workloads = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def tgc_median(w, r):
    """(benchmark name, median ms or an error string, its GFLOP/s or None)."""
    path = os.path.join(out, f"tgc_{w}_r{r}.json")
    if not os.path.exists(path):
        return w, "no result", None
    with open(path) as f:
        for b in json.load(f)["benchmarks"]:
            if b.get("error_occurred"):
                name = b["name"].split("/repeats")[0]
                return name, "error: " + b.get("error_message", ""), None
            if b.get("aggregate_name") == "median":
                assert b["time_unit"] == "ms"
                name = b["run_name"].split("/repeats")[0].split("/real_time")[0]
                return name, b["real_time"], b.get("GFLOP")
    return w, "no result", None

def peer_ms(w, r):
    """(PyTorch ms, ORT ms) of one round, or why not."""
    path = os.path.join(out, f"peers_{w}_r{r}.json")
    if not os.path.exists(path):
        return "-", "-"
    with open(path) as f:
        row = json.load(f)["results"].get(w, {})
    return (row.get("pytorch_ms", "-"),
            row.get("ort_ms", "skipped" if "ort_error" not in row else "export failed"))

def median_or_why(values):
    numbers = [v for v in values if isinstance(v, float)]
    if numbers and len(numbers) == len(values):
        return f"{statistics.median(numbers):.2f}"
    return next(v for v in values if not isinstance(v, float))

peaks = [tgc_median("peak", r)[2] for r in range(1, rounds + 1)]
rows = []
for w in workloads:
    name, tgcs, pts, orts, ratios, ofPeak = w, [], [], [], [], []
    for r in range(1, rounds + 1):
        name, tgc, gflops = tgc_median(w, r)
        if gflops and peaks[r - 1]:
            ofPeak.append(gflops / peaks[r - 1])
        pt, ort = peer_ms(w, r)
        tgcs.append(tgc); pts.append(pt); orts.append(ort)
        peers = [x for x in (pt, ort) if isinstance(x, float)]
        if peers and isinstance(tgc, float):
            ratios.append(tgc / min(peers))
    complete = len(ratios) == rounds
    ratio = f"{statistics.median(ratios):.2f}" if complete else "-"
    spread = f"{min(ratios):.2f}–{max(ratios):.2f}" if complete else "-"
    share = f"{100 * statistics.median(ofPeak):.0f}%" if len(ofPeak) == rounds else "-"
    rows.append((name, median_or_why(tgcs), median_or_why(pts), median_or_why(orts),
                 ratio, spread, share))
print("| workload | tgc onednn (ms) | PyTorch (ms) | ORT (ms) | tgc / best peer "
      "| per round | tgc's GFLOP/s as a share of FMA peak |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print("| " + " | ".join(str(c) for c in r) + " |")
measured = [p for p in peaks if p]
if measured:
    print(f"\nFMA peak (AVX2, all threads, peak/fma_avx2): "
          + ", ".join(f"{p:.1f}" for p in measured) + " GFLOP/s by round")
print(f"\n(times: medians over {rounds} round(s) of the medians of repetitions; "
      f"ratio: the median of the per-round ratios; GFLOP/s counts the products "
      f"only, against the same round's peak; JSON in {out})")
EOF
