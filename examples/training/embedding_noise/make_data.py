#!/usr/bin/env python3
"""Seeded synthetic language-model data for the embedding-perturbation examples.

Standard library only. Every sequence follows the rule
next = (3 * token + 1) mod vocab from a random first token, so a causal
language model can learn to predict every label exactly: its cross-entropy
falls from about ln(vocab) towards 0. Writes a .safetensors file with
"tokens" and "labels" (labels[t] = the token after tokens[t]), i64
[batches, batch, seq_len], the layout `tgc train --data` reads.

  make_data.py OUT.safetensors [--batches 16] [--batch 4] [--seq-len 8]
               [--vocab 64] [--seed 0]
"""
import argparse
import json
import random
import struct


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, shape, values in tensors:
        data = struct.pack("<%dq" % len(values), *values)
        header[name] = {"dtype": "I64", "shape": shape,
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--batches", type=int, default=16)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seq-len", type=int, default=8)
    parser.add_argument("--vocab", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tokens, labels = [], []
    for _ in range(args.batches * args.batch):
        t = rng.randrange(args.vocab)
        for _ in range(args.seq_len):
            nxt = (3 * t + 1) % args.vocab
            tokens.append(t)
            labels.append(nxt)
            t = nxt
    shape = [args.batches, args.batch, args.seq_len]
    write_safetensors(args.out, [("tokens", shape, tokens), ("labels", shape, labels)])


if __name__ == "__main__":
    main()
