#!/usr/bin/env python3
"""Helpers for the `tgc tokenize` lit test, with the standard library only.

  tokenize_tools.py check-batches DATA.safetensors IDS.npy L
      checks the batches `tgc tokenize batches --seq-len L` wrote against
      the ids `tgc tokenize encode` gives for the same corpus: every row of
      `tokens` is ids[w L : w L + L] for some window w, its row of `labels`
      is ids[w L + 1 : w L + L + 1], and no window appears twice.
  tokenize_tools.py logits OUT.npy
      writes f32 scores [2, 106] whose argmax over the last axis is 104, 105
      (the bytes of "hi").
"""
import json
import struct
import sys


def read_npy_i64(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<H", data[8:10])
    header = data[10:10 + n].decode()
    if "'<i8'" not in header:
        sys.exit(f"{path}: not an i64 .npy: {header}")
    raw = data[10 + n:]
    return struct.unpack(f"<{len(raw) // 8}q", raw)


def read_safetensors_i64(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "I64":
            sys.exit(f"{path}: tensor {name} is {info['dtype']}, not I64")
        begin, end = info["data_offsets"]
        raw = data[8 + n + begin:8 + n + end]
        tensors[name] = (info["shape"], struct.unpack(f"<{len(raw) // 8}q", raw))
    return tensors


def check_batches(data_path, ids_path, length):
    ids = read_npy_i64(ids_path)
    tensors = read_safetensors_i64(data_path)
    (shape, tokens), (label_shape, labels) = tensors["tokens"], tensors["labels"]
    if shape != label_shape or len(shape) != 3 or shape[2] != length:
        sys.exit(f"shapes {shape} and {label_shape}: want [K, B, {length}] both")
    seen = set()
    for row in range(shape[0] * shape[1]):
        got = tokens[row * length:(row + 1) * length]
        start = next((w * length for w in range((len(ids) - 1) // length)
                      if tuple(ids[w * length:w * length + length]) == got), None)
        if start is None:
            sys.exit(f"row {row} of tokens is no window of the corpus ids")
        if start in seen:
            sys.exit(f"row {row}: window at {start} appears twice")
        seen.add(start)
        if labels[row * length:(row + 1) * length] != tuple(ids[start + 1:start + length + 1]):
            sys.exit(f"row {row}: labels are not the tokens shifted by one")


def write_logits(path):
    rows, classes = 2, 106
    scores = [0.0] * (rows * classes)
    scores[0 * classes + 104] = 3.0
    scores[1 * classes + 105] = 2.5
    scores[1 * classes + 3] = 2.0
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {classes}), }}"
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack(f"<{len(scores)}f", *scores))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "check-batches":
        check_batches(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "logits":
        write_logits(sys.argv[2])
    else:
        sys.exit(__doc__)
