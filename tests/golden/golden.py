"""Writes golden files: a model's weights, inputs and PyTorch float64 outputs.

A golden file is a .safetensors file with
  - every parameter under its tg.param name (F32),
  - every input as "input:<name>" (F32 / I64 / BOOL),
  - every expected output as "output:<name>" (F64, computed by PyTorch in
    float64 from the same F32-representable weights and inputs),
  - metadata "model" and "config": the arguments of `tgc model`.
tests/unit/models/GoldenTest.cpp builds each model with tgc, runs it on
the reference backend and compares every output (relative error <= 1e-6).

A model with a loss (with_loss=true) also gets a gradient file of the same
name under grad/ (see write_gradients), which
tests/unit/models/GradientGoldenTest.cpp checks tg-autodiff's @main_grad
against. It is a separate file because GoldenTest loads every tensor of a
golden that is not an input or an output as a weight, strictly.

Generators run with Debian's PyTorch (apt-get install python3-torch) on
Debian's reference BLAS (libblas3, liblapack3), which the committed files
were written with; OpenBLAS, when installed, takes over libblas.so.3 and
changes the last bits of outputs, so the path is given explicitly:
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack \
      /usr/bin/python3 tests/golden/transformer.py
PyTorch is needed only to regenerate, never to run the tests.
"""
import json
import os
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL"}

# Same bits on every run and machine: one thread, so no reduction is split
# differently, no nondeterministic kernels, and the reference BLAS.
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def _check_blas():
    if not os.path.exists("/proc/self/maps"):
        return
    with open("/proc/self/maps") as maps:
        loaded = {line.split()[-1] for line in maps if "blas" in line}
    if any("openblas" in path for path in loaded):
        raise SystemExit("golden: PyTorch loaded OpenBLAS (" + ", ".join(sorted(loaded)) + "); "
                         "run with LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas:"
                         "/usr/lib/x86_64-linux-gnu/lapack for the reference BLAS")


_check_blas()


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
    write_safetensors(path, tensors, {"model": model, "config": config})
    print(f"wrote {path}: {len(params)} params, {len(inputs)} inputs, {len(outputs)} outputs")


def write_gradients(golden_path, loss_fn, params):
    """Writes grad/<golden file name>: PyTorch autograd's gradient of the
    loss with respect to every parameter, in float64.

    loss_fn() recomputes the model's loss from `params` (name -> the float64
    leaf tensor whose value the golden holds); it runs with autograd on, so
    stop-gradients must be written as .detach(). The file holds
      - "grad:<name>" (F64): d(loss)/d(params[name]), for every name,
      - "output:loss" (F64): the loss they are the gradient of,
      - metadata "golden": the golden file's name (weights and inputs).
    A parameter the loss does not reach is an error (autograd.grad refuses
    it), so every parameter has a gradient.
    """
    names = list(params)
    leaves = [params[name] for name in names]
    with torch.enable_grad():
        for p in leaves:
            p.requires_grad_(True)
        loss = loss_fn()
        grads = torch.autograd.grad(loss, leaves)
    tensors = {"output:loss": loss.detach().double()}
    for name, g in zip(names, grads):
        tensors["grad:" + name] = g.detach().double()
    name = os.path.basename(golden_path)
    path = os.path.join(os.path.dirname(golden_path), "grad", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_safetensors(path, tensors, {"golden": name})
    print(f"wrote {path}: {len(grads)} gradients")


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
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


def config_text(config):
    return ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in config.items())
