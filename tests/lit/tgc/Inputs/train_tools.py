#!/usr/bin/env python3
"""Helpers for the `tgc train` lit tests, with the standard library only.

  train_tools.py data DIR
      writes DIR/good.safetensors: x [4, 8, 3] (seeded, uniform in [-1, 1])
      and y = x . [1.5, -2.0, 0.7] + 0.4 [4, 8, 1], f32; and broken
      variants of it (missing_y, wrong_shape, f64, batches, extra).
  train_tools.py lm-data DIR
      writes DIR/lm.safetensors for examples/models/transformer_lm.mlir:
      8 batches of seeded tokens [2, 6] in [0, 100) and labels = the
      next token, (tokens + 1) % 100.
  train_tools.py loss LOG BOUND
      checks the `loss X` values tgc train printed: the last is below BOUND
      and below the first.
  train_tools.py losses-agree LOG1 LOG2 TOLERANCE
      checks that two logs print the same steps with losses equal within
      TOLERANCE relative.
  train_tools.py weights FILE NAME=V1,V2,... TOLERANCE
      checks that tensor NAME of a .safetensors file holds V1, V2, ...
      within TOLERANCE each.
"""
import json
import os
import random
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools"))
import make_tensors  # noqa: E402

A, OFFSET = (1.5, -2.0, 0.7), 0.4


def spec(name, dtype, shape, values):
    return f"{name}={dtype}:{'x'.join(map(str, shape))}:{','.join(map(repr, values))}"


def write_data(out_dir):
    rng = random.Random(7)
    batches, rows = 4, 8
    x = [rng.uniform(-1, 1) for _ in range(batches * rows * 3)]
    y = [sum(a * v for a, v in zip(A, x[3 * r:3 * r + 3])) + OFFSET for r in range(batches * rows)]
    good_x = spec("x", "f32", [batches, rows, 3], x)
    good_y = spec("y", "f32", [batches, rows, 1], y)
    variants = {
        "good": [good_x, good_y],
        "missing_y": [good_x],
        "wrong_shape": [spec("x", "f32", [batches, rows * 3 // 2, 2], x), good_y],
        "f64": [spec("x", "f64", [batches, rows, 3], x), good_y],
        "batches": [good_x, spec("y", "f32", [3, rows, 1], y[:3 * rows])],
        "extra": [good_x, good_y, spec("z", "f32", [2], [1.0, 2.0])],
    }
    for name, specs in variants.items():
        make_tensors.write_safetensors(os.path.join(out_dir, name + ".safetensors"), specs)


def write_lm_data(out_dir):
    rng = random.Random(3)
    batches = 8
    tokens = [rng.randrange(100) for _ in range(batches * 2 * 6)]
    labels = [(t + 1) % 100 for t in tokens]
    make_tensors.write_safetensors(os.path.join(out_dir, "lm.safetensors"), [
        spec("tokens", "i64", [batches, 2, 6], tokens),
        spec("labels", "i64", [batches, 2, 6], labels)])


def read_losses(log):
    return [(int(step), float(loss)) for step, loss in
            re.findall(r"step (\d+)/\d+  loss (\S+)", open(log).read())]


def check_loss(log, bound):
    losses = [loss for _, loss in read_losses(log)]
    if len(losses) < 2 or not (losses[-1] < bound and losses[-1] < losses[0]):
        sys.exit(f"losses {losses}: the last must be below {bound} and below the first")


def check_losses_agree(log1, log2, tolerance):
    a, b = read_losses(log1), read_losses(log2)
    steps_match = [s for s, _ in a] == [s for s, _ in b] and len(a) > 0
    if not steps_match or any(abs(x - y) > tolerance * abs(y) for (_, x), (_, y) in zip(a, b)):
        sys.exit(f"losses differ beyond {tolerance} relative:\n{a}\n{b}")


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    codes = {"F32": "f", "F64": "d"}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[8 + n + begin:8 + n + end]
        code = codes[info["dtype"]]
        tensors[name] = struct.unpack("<" + code * (len(raw) // struct.calcsize(code)), raw)
    return tensors


def check_weights(path, expected, tolerance):
    name, values = expected.split("=", 1)
    want = [float(v) for v in values.split(",")]
    got = read_safetensors(path)[name]
    if len(got) != len(want) or any(abs(g - w) > tolerance for g, w in zip(got, want)):
        sys.exit(f"{name}: got {got}, want {want} within {tolerance}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "data":
        write_data(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "lm-data":
        write_lm_data(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "losses-agree":
        check_losses_agree(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "loss":
        check_loss(sys.argv[2], float(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "weights":
        check_weights(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    else:
        sys.exit(__doc__)
