#!/usr/bin/env python3
"""Peers for tgc_bench: the same workloads in PyTorch eager and ONNX Runtime.

Each workload matches bench/ModelBench.cpp's shapes (float32, inference):

  encoder6    BERT-style encoder: word + position + token-type embeddings,
              LayerNorm, 6 x nn.TransformerEncoderLayer(512, 8, 2048, gelu,
              post-norm, batch_first), batch 8, seq 128, vocab 1000
  encdec2x2   nn.Transformer(256, 4 heads, 2 + 2 layers, d_ff 1024, relu)
              with scaled token embeddings (vocab 8000) + sinusoidal
              positions, causal target mask, logits through the tied
              embedding; batch 8, src/tgt length 64
  lstm2       nn.LSTM(256, 512, 2 layers, batch_first), x [32, 100, 256]
  vq          VQ bottleneck: distances, argmin, gather, straight-through
              output and loss; z [8192, 64], codebook [512, 64]
  attnL_*     softmax(q k^T / 8) v on q, k, v [1, 8, L, 64], L = 512, 2048
              (PyTorch eager and ORT run the same unfused graph for the
              _fused and _unfused rows: only tgc has the two variants)

PyTorch: torch.no_grad(), torch.set_num_threads(THREADS). ONNX Runtime (if
`import onnxruntime` works): each module exported with torch.onnx.export,
run with intra_op_num_threads=THREADS and all graph optimizations.

Timing: WARMUP untimed calls, then REPS repetitions; a repetition times
enough back-to-back calls to last MIN_REP_S and reports the mean per call;
the median of the repetitions is printed (ms), as Google Benchmark does.

Usage: peers.py [--reps N] [--threads T] [--only key,key] [--json FILE]
"""

import argparse
import io
import json
import math
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError:
    print("torch not installed: PyTorch and ONNX Runtime peers skipped "
          "(Debian: apt-get install python3-torch libopenblas0)")
    sys.exit(0)

try:
    import onnxruntime as ort
except ImportError:
    ort = None

WARMUP = 2
MIN_REP_S = 0.2


class Encoder(nn.Module):
    def __init__(self, vocab=1000, d=512, heads=8, d_ff=2048, layers=6,
                 seq=128, type_vocab=2):
        super().__init__()
        self.word = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.02)
        self.types = nn.Embedding(type_vocab, d)
        self.norm = nn.LayerNorm(d)
        layer = nn.TransformerEncoderLayer(d, heads, d_ff, dropout=0.0,
                                           activation="gelu",
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers,
                                             enable_nested_tensor=False)

    def forward(self, ids, token_types):
        x = self.word(ids) + self.pos + self.types(token_types)
        return self.encoder(self.norm(x))


def sinusoidal(length, d):
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float32)
    angle = pos / torch.pow(10000.0, i / d)
    table = torch.zeros(length, d)
    table[:, 0::2] = torch.sin(angle)
    table[:, 1::2] = torch.cos(angle)
    return table


class EncDec(nn.Module):
    def __init__(self, vocab=8000, d=256, heads=4, d_ff=1024, layers=2,
                 length=64):
        super().__init__()
        self.embedding = nn.Embedding(vocab, d)
        self.register_buffer("positions", sinusoidal(length, d))
        self.register_buffer("causal", torch.triu(
            torch.full((length, length), float("-inf")), diagonal=1))
        self.transformer = nn.Transformer(d, heads, layers, layers, d_ff,
                                          dropout=0.0, batch_first=True)
        self.scale = math.sqrt(d)

    def forward(self, src, tgt):
        s = self.embedding(src) * self.scale + self.positions
        t = self.embedding(tgt) * self.scale + self.positions
        h = self.transformer(s, t, tgt_mask=self.causal)
        return h @ self.embedding.weight.t()


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(256, 512, 2, batch_first=True)

    def forward(self, x):
        return self.lstm(x)


class Vq(nn.Module):
    def __init__(self, k=512, d=64, beta=0.25):
        super().__init__()
        self.codebook = nn.Parameter(torch.randn(k, d))
        self.beta = beta

    def forward(self, z):
        e = self.codebook
        dist = (z * z).sum(1, keepdim=True) - 2 * z @ e.t() + (e * e).sum(1)
        idx = dist.argmin(1)
        q = e[idx]
        quantized = z + (q - z).detach()
        loss = (torch.mean((z.detach() - q) ** 2)
                + self.beta * torch.mean((z - q.detach()) ** 2))
        return quantized, idx, loss


class Attention(nn.Module):
    def forward(self, q, k, v):
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / 8.0)
        return torch.matmul(torch.softmax(scores, -1), v)


def workloads():
    g = torch.Generator().manual_seed(42)
    w = {}
    w["encoder6"] = (Encoder(), (torch.randint(0, 1000, (8, 128), generator=g),
                                 torch.randint(0, 2, (8, 128), generator=g)))
    w["encdec2x2"] = (EncDec(), (torch.randint(0, 8000, (8, 64), generator=g),
                                 torch.randint(0, 8000, (8, 64), generator=g)))
    w["lstm2"] = (Lstm(), (torch.randn(32, 100, 256, generator=g),))
    w["vq"] = (Vq(), (torch.randn(8192, 64, generator=g),))
    for length in (512, 2048):
        args = tuple(torch.randn(1, 8, length, 64, generator=g) for _ in range(3))
        w[f"attn{length}_fused"] = (Attention(), args)
        w[f"attn{length}_unfused"] = (Attention(), args)
    return w


def median_ms(call, reps):
    for _ in range(WARMUP):
        call()
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    per_rep = max(1, int(MIN_REP_S / max(once, 1e-6)))
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(per_rep):
            call()
        times.append((time.perf_counter() - start) / per_rep * 1e3)
    return statistics.median(times)


def ort_session(module, args, threads):
    buffer = io.BytesIO()
    names = [f"arg{i}" for i in range(len(args))]
    # Exported with gradients enabled so nn.TransformerEncoderLayer takes its
    # plain path (its inference fast path has no ONNX export).
    with torch.enable_grad():
        torch.onnx.export(module, args, buffer, input_names=names,
                          opset_version=14, do_constant_folding=True)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(buffer.getvalue(), options,
                                   providers=["CPUExecutionProvider"])
    feeds = {n: a.numpy() for n, a in zip(names, args)}
    return lambda: session.run(None, feeds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default="")
    parser.add_argument("--json", default="")
    opts = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(opts.threads)
    results = {}
    if ort is None:
        print("onnxruntime not installed: skipped (pip install onnxruntime)")
    only = set(filter(None, opts.only.split(",")))
    for key, (module, args) in workloads().items():
        if only and key not in only:
            continue
        module.eval()
        row = {}
        with torch.no_grad():
            row["pytorch_ms"] = median_ms(lambda: module(*args), opts.reps)
        if ort is not None:
            try:
                row["ort_ms"] = median_ms(ort_session(module, args, opts.threads),
                                          opts.reps)
            except Exception as e:  # an export or ORT failure is reported
                row["ort_error"] = f"{type(e).__name__}: {str(e)[:200]}"
        results[key] = row
        print(f"{key:20s} pytorch {row['pytorch_ms']:10.2f} ms   ort "
              + (f"{row['ort_ms']:10.2f} ms" if "ort_ms" in row
                 else row.get("ort_error", "skipped")), flush=True)
    meta = {"torch": torch.__version__,
            "onnxruntime": ort.__version__ if ort is not None else None,
            "threads": opts.threads, "reps": opts.reps}
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
