#!/usr/bin/env python3
"""Checks for the training-example lit tests, with the standard library only.

  training_check.py loss LOG BOUND WINDOW
      the mean of the last WINDOW `loss X` values that tgc train printed
      (run it with --log-every 1) is below BOUND and below the first one:
      a window, because a single step's loss on one batch is noisy.
  training_check.py greater A.npy B.npy
      the scalar in A is greater than the scalar in B.
  training_check.py close A.npy B.npy RTOL
      A and B hold the same shape and values within RTOL relative (of the
      largest magnitude in B).
  training_check.py differ A.npy B.npy
      A and B differ in at least one element.
  training_check.py fgsm E.npy G.npy EPSILON OUT.npy
      writes OUT = E + EPSILON * sign(G) (sign(0) = 0), f32.
"""
import ast
import re
import struct
import sys

CODES = {"<f4": "f", "<f8": "d", "<i8": "q", "<i4": "i", "|b1": "?"}


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not an .npy file")
    major = data[6]
    if major == 1:
        (n,) = struct.unpack("<H", data[8:10])
        start = 10
    else:
        (n,) = struct.unpack("<I", data[8:12])
        start = 12
    header = ast.literal_eval(data[start:start + n].decode())
    code = CODES[header["descr"]]
    raw = data[start + n:]
    count = len(raw) // struct.calcsize(code)
    return header["shape"], list(struct.unpack("<" + code * count, raw))


def write_npy(path, shape, values):
    text = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % (tuple(shape),)
    text += " " * (-(10 + len(text) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode())
        f.write(struct.pack("<%df" % len(values), *values))


def losses(log):
    return [float(x) for x in re.findall(r"step \d+/\d+  loss (\S+)", open(log).read())]


def main(argv):
    if len(argv) == 4 and argv[0] == "loss":
        got = losses(argv[1])
        bound, window = float(argv[2]), int(argv[3])
        if len(got) < window + 1:
            sys.exit(f"{argv[1]}: {len(got)} losses logged, fewer than {window} + 1")
        mean = sum(got[-window:]) / window
        if not (mean < bound and mean < got[0]):
            sys.exit(f"{argv[1]}: the mean of the last {window} losses, {mean}, must be "
                     f"below {bound} and below the first, {got[0]}")
        print(f"first loss {got[0]:.6g}, mean of the last {window} {mean:.6g} < {bound}")
    elif len(argv) == 3 and argv[0] == "greater":
        a, b = read_npy(argv[1])[1][0], read_npy(argv[2])[1][0]
        if not a > b:
            sys.exit(f"{argv[1]} = {a} is not greater than {argv[2]} = {b}")
    elif len(argv) == 4 and argv[0] == "close":
        (sa, a), (sb, b) = read_npy(argv[1]), read_npy(argv[2])
        scale = max(abs(v) for v in b) or 1.0
        worst = max(abs(x - y) for x, y in zip(a, b)) / scale
        if sa != sb or worst > float(argv[3]):
            sys.exit(f"{argv[1]} {sa} and {argv[2]} {sb} differ by {worst} relative")
    elif len(argv) == 3 and argv[0] == "differ":
        if read_npy(argv[1]) == read_npy(argv[2]):
            sys.exit(f"{argv[1]} and {argv[2]} are equal")
    elif len(argv) == 5 and argv[0] == "fgsm":
        shape, e = read_npy(argv[1])
        gshape, g = read_npy(argv[2])
        eps = float(argv[3])
        if shape != gshape:
            sys.exit(f"shapes differ: {shape} and {gshape}")
        sign = [(v > 0) - (v < 0) for v in g]
        write_npy(argv[4], shape, [x + eps * s for x, s in zip(e, sign)])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
