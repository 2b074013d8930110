#!/usr/bin/env python3
"""Training data for the LSTM delay-line example, with the standard library only.

The task: the input is a random sequence of bits, x[t] = +1 or -1, one
feature per step; hidden unit k of the LSTM must output the input of k
steps before, scaled to 0.5:

    target[t, k] = 0.5 * x[t - k]      (0 while t - k < 0)

so a one-layer LSTM with hidden_size H (and no output layer) has to become
a shift register of length H: unit 0 copies its input, and unit k > 0 can
only learn x[t - k] through the recurrent weights, from what the units
held one step before. A model that has learned nothing (all outputs 0) has
loss mean(target^2), 0.25 times the fraction of nonzero targets.

Writes, for `tgc model lstm --config input_size=1,hidden_size=H,batch=B,
seq_len=T,with_loss=true`, the tensors `tgc train --data` reads:

    x       f32 [K, B, T, 1]
    target  f32 [K, B, T, H]

With --npy-dir DIR it also writes batch 0 as DIR/x.npy and DIR/target.npy
(f32 [B, T, 1] and [B, T, H]), the inputs of `tgc run --input x=...`.

Usage: make_data.py --batch B --seq-len T --hidden H --num-batches K
                    [--seed S] [-o DATA.safetensors] [--npy-dir DIR]
"""
import argparse
import json
import os
import random
import struct


def write_safetensors(path, tensors):
    """Writes {name: (shape, f32 values)} as a .safetensors file."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        shape, values = tensors[name]
        blob = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_npy(path, shape, values):
    """Writes f32 `values` of `shape` as a .npy file (format version 1.0)."""
    dims = "".join(f"{d}, " for d in shape).rstrip(" ")
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}"
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode() + struct.pack(f"<{len(values)}f", *values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--seq-len", type=int, required=True)
    parser.add_argument("--hidden", type=int, required=True,
                        help="the LSTM's hidden_size: delays 0..H-1")
    parser.add_argument("--num-batches", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", dest="output", help="the .safetensors for tgc train --data")
    parser.add_argument("--npy-dir", help="write batch 0 as DIR/x.npy and DIR/target.npy")
    args = parser.parse_args()
    if min(args.batch, args.seq_len, args.hidden, args.num_batches) < 1:
        parser.error("--batch, --seq-len, --hidden and --num-batches must be >= 1")
    if not args.output and not args.npy_dir:
        parser.error("nothing to write: give -o DATA.safetensors, --npy-dir DIR or both")

    rng = random.Random(args.seed)
    xs, targets = [], []
    for _ in range(args.num_batches * args.batch):
        bits = [rng.choice((-1.0, 1.0)) for _ in range(args.seq_len)]
        xs.extend(bits)
        for t in range(args.seq_len):
            targets.extend(0.5 * bits[t - k] if t - k >= 0 else 0.0
                           for k in range(args.hidden))
    lead = [args.num_batches, args.batch, args.seq_len]
    written = []
    if args.output:
        write_safetensors(args.output, {"x": (lead + [1], xs),
                                        "target": (lead + [args.hidden], targets)})
        dims = "x".join(map(str, lead))
        written.append(f"{args.output}: x f32[{dims}x1], target f32[{dims}x{args.hidden}]")
    if args.npy_dir:
        os.makedirs(args.npy_dir, exist_ok=True)
        rows = args.batch * args.seq_len
        write_npy(os.path.join(args.npy_dir, "x.npy"), lead[1:] + [1], xs[:rows])
        write_npy(os.path.join(args.npy_dir, "target.npy"), lead[1:] + [args.hidden],
                  targets[:rows * args.hidden])
        written.append(f"{args.npy_dir}/x.npy, target.npy (batch 0)")
    mean_square = sum(v * v for v in targets) / len(targets)
    print(f"wrote {'; '.join(written)}; loss of an all-zero output {mean_square:.6f}")


if __name__ == "__main__":
    main()
