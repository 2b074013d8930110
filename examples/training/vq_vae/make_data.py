#!/usr/bin/env python3
"""Seeded synthetic clustered data for the VQ-VAE training examples.

Standard library only. Draws `clusters` centres c_k ~ N(0, I) in in_dim
dimensions, then every row as c_k + noise * N(0, I) with k uniform, and
writes a .safetensors file with one tensor "x", f32 [batches, batch, in_dim]
(the layout `tgc train --data` reads: step i trains on batch i % batches).

A VQ-VAE whose codebook has at least `clusters` codes can reconstruct each
row as its centre, so its reconstruction error can fall to about noise^2
(the per-element variance left around the centres), from about 1 + noise^2
(E[x^2]) for a model that outputs zeros.

  make_data.py OUT.safetensors [--batches 16] [--batch 32] [--in-dim 16]
               [--clusters 8] [--noise 0.1] [--seed 0]
"""
import argparse
import json
import random
import struct


def write_safetensors(path, name, shape, values):
    data = struct.pack("<%df" % len(values), *values)
    header = json.dumps({name: {"dtype": "F32", "shape": shape,
                                "data_offsets": [0, len(data)]}}).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--batches", type=int, default=16)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--in-dim", type=int, default=16)
    parser.add_argument("--clusters", type=int, default=8)
    parser.add_argument("--noise", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    centres = [[rng.gauss(0, 1) for _ in range(args.in_dim)] for _ in range(args.clusters)]
    values = []
    for _ in range(args.batches * args.batch):
        centre = centres[rng.randrange(args.clusters)]
        values.extend(c + args.noise * rng.gauss(0, 1) for c in centre)
    write_safetensors(args.out, "x", [args.batches, args.batch, args.in_dim], values)


if __name__ == "__main__":
    main()
