#!/usr/bin/env python3
"""Converts between .npy files and raw element files, with the standard library.

  raw_tensor.py to-raw IN.npy OUT.bin       the .npy's elements, headerless
  raw_tensor.py same RAW.bin REF.npy        exit 1 unless RAW.bin holds exactly
                                            REF.npy's element bytes

The C API of a compiled shared library takes and gives raw element buffers;
tests compare them with the .npy files `tgc run` writes.
"""
import struct
import sys


def npy_payload(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"raw_tensor: {path} is not a .npy file")
    major = data[6]
    if major == 1:
        (header_len,) = struct.unpack("<H", data[8:10])
        start = 10 + header_len
    else:
        (header_len,) = struct.unpack("<I", data[8:12])
        start = 12 + header_len
    return data[start:]


def main(argv):
    if len(argv) != 4 or argv[1] not in ("to-raw", "same"):
        sys.exit(__doc__)
    if argv[1] == "to-raw":
        with open(argv[3], "wb") as f:
            f.write(npy_payload(argv[2]))
        return 0
    with open(argv[2], "rb") as f:
        raw = f.read()
    ref = npy_payload(argv[3])
    if raw != ref:
        print(f"raw_tensor: {argv[2]} ({len(raw)} bytes) differs from {argv[3]} ({len(ref)} bytes)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
