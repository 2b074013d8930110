#!/usr/bin/env python3
"""Training data for the LSTM delay-line example, with the standard library only.

The task: the input is a random sequence of bits, x[t] = +1 or -1, one
feature per step; hidden unit k of the LSTM must output the input of k + 1
steps before, scaled to 0.5:

    target[t, k] = 0.5 * x[t - 1 - k]      (0 while t - 1 - k < 0)

so a one-layer LSTM with hidden_size H (and no output layer) has to become
a shift register of length H: every unit needs memory of the past, and the
unit for delay k + 1 can only get it through the recurrent weights. A model
that has learned nothing (all outputs 0) has loss mean(target^2), just
under 0.25.

Writes, for `tgc model lstm --config input_size=1,hidden_size=H,batch=B,
seq_len=T,with_loss=true`, the tensors `tgc train --data` reads:

    x       f32 [K, B, T, 1]
    target  f32 [K, B, T, H]

Usage: make_data.py --batch B --seq-len T --hidden H --num-batches K
                    [--seed S] -o DATA.safetensors
"""
import argparse
import json
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--seq-len", type=int, required=True)
    parser.add_argument("--hidden", type=int, required=True,
                        help="the LSTM's hidden_size: delays 1..H")
    parser.add_argument("--num-batches", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", dest="output", required=True)
    args = parser.parse_args()
    if min(args.batch, args.seq_len, args.hidden, args.num_batches) < 1:
        parser.error("--batch, --seq-len, --hidden and --num-batches must be >= 1")

    rng = random.Random(args.seed)
    xs, targets = [], []
    for _ in range(args.num_batches * args.batch):
        bits = [rng.choice((-1.0, 1.0)) for _ in range(args.seq_len)]
        xs.extend(bits)
        for t in range(args.seq_len):
            targets.extend(0.5 * bits[t - 1 - k] if t - 1 - k >= 0 else 0.0
                           for k in range(args.hidden))
    lead = [args.num_batches, args.batch, args.seq_len]
    write_safetensors(args.output, {"x": (lead + [1], xs),
                                    "target": (lead + [args.hidden], targets)})
    mean_square = sum(v * v for v in targets) / len(targets)
    print(f"wrote {args.output}: x f32{lead + [1]}, target f32{lead + [args.hidden]}; "
          f"loss of an all-zero output {mean_square:.6f}")


if __name__ == "__main__":
    main()
