#!/usr/bin/env python3
"""Writes .npy and .safetensors files for tests, with the standard library only.

It is an implementation independent of tgc's own writers, so tests that read
its files check tgc's readers against the formats, not against themselves.

  make_tensors.py npy OUT.npy DTYPE SHAPE VALUES
  make_tensors.py safetensors OUT.safetensors NAME=DTYPE:SHAPE:VALUES ...

DTYPE is f32, f64, i32, i64 or bool; SHAPE is like 2x3 (or "scalar");
VALUES is a comma-separated list.
"""
import json
import struct
import sys

FORMATS = {  # dtype: (struct code, npy descr, safetensors dtype)
    "f32": ("f", "<f4", "F32"),
    "f64": ("d", "<f8", "F64"),
    "i32": ("i", "<i4", "I32"),
    "i64": ("q", "<i8", "I64"),
    "bool": ("?", "|b1", "BOOL"),
}


def parse(dtype, shape, values):
    dims = [] if shape == "scalar" else [int(d) for d in shape.split("x")]
    conv = float if dtype.startswith("f") else int
    vals = [conv(v) for v in values.split(",")] if values else []
    count = 1
    for d in dims:
        count *= d
    if len(vals) != count:
        sys.exit(f"make_tensors: {count} values needed for shape {shape}, got {len(vals)}")
    return dims, struct.pack("<" + FORMATS[dtype][0] * count, *vals)


def write_npy(path, dtype, shape, values):
    dims, data = parse(dtype, shape, values)
    shape_text = "(" + "".join(f"{d}, " for d in dims).rstrip(" ") + ")"
    if len(dims) == 1:
        shape_text = f"({dims[0]},)"
    header = f"{{'descr': '{FORMATS[dtype][1]}', 'fortran_order': False, 'shape': {shape_text}, }}"
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data)


def write_safetensors(path, specs):
    header, blobs, offset = {}, [], 0
    for spec in specs:
        name, rest = spec.split("=", 1)
        dtype, shape, values = rest.split(":", 2)
        dims, data = parse(dtype, shape, values)
        header[name] = {"dtype": FORMATS[dtype][2], "shape": dims,
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "npy":
        write_npy(*sys.argv[2:6])
    elif len(sys.argv) >= 3 and sys.argv[1] == "safetensors":
        write_safetensors(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
