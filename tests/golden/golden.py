"""Writes golden files: a model's weights, inputs and PyTorch float64 outputs.

A golden file is a .safetensors file with
  - every parameter under its tg.param name (F32),
  - every input as "input:<name>" (F32 / I64 / BOOL),
  - every expected output as "output:<name>" (F64, computed by PyTorch in
    float64 from the same F32-representable weights and inputs),
  - metadata "model" and "config": the arguments of `tgc model`.
tests/unit/models/GoldenTest.cpp builds each model with tgc, runs it on
the reference backend and compares every output (relative error <= 1e-6).

Generators run with Debian's PyTorch (apt-get install python3-torch):
  /usr/bin/python3 tests/golden/transformer.py
PyTorch is needed only to regenerate, never to run the tests.
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL"}


def f32_exact(t):
    """Rounds to float32 and back: values PyTorch (float64) and tgc (f32
    tensors, computed in float64) both hold exactly."""
    return t.float().double()


def write_golden(path, model, config, params, inputs, outputs):
    tensors = {}
    for name, t in params.items():
        tensors[name] = t.detach().float()
    for name, t in inputs.items():
        tensors["input:" + name] = t.detach().float() if t.is_floating_point() else t.detach()
    for name, t in outputs.items():
        tensors["output:" + name] = t.detach().double()
    header, blobs, offset = {"__metadata__": {"model": model, "config": config}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    print(f"wrote {path}: {len(params)} params, {len(inputs)} inputs, {len(outputs)} outputs")


def config_text(config):
    return ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in config.items())
