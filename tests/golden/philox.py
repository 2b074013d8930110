"""tgc's random stream in Python, for golden files of models with random ops.

An independent implementation of the stream runtime/Random.h defines:

  block = philox4x32_10({lo32(i), hi32(i), lo32(step), hi32(step)},
                        {lo32(seed), hi32(seed)})
  uniform01(seed, i, step) = (block[0] >> 8) * 2^-24            in [0, 1)

where step is a random op's optional step operand (0 without one).

Philox4x32-10 is Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"
(SC'11), as Random123's philox4x32_R(10, ...): multipliers 0xD2511F53 and
0xCD9E8D57, key (Weyl) increments 0x9E3779B9 and 0xBB67AE85. Importing this
module checks it against Random123's known-answer vectors.
"""
import torch

M0, M1 = 0xD2511F53, 0xCD9E8D57
W0, W1 = 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox4x32_10(counter, key):
    """One 10-round Philox4x32 block of four 32-bit words."""
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0, p1 = M0 * c0, M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & MASK,
                          (p0 >> 32) ^ c3 ^ k1, p0 & MASK)
    return c0, c1, c2, c3


def block(seed, index, step=0):
    seed &= (1 << 64) - 1
    step &= (1 << 64) - 1
    return philox4x32_10((index & MASK, index >> 32, step & MASK, step >> 32),
                         (seed & MASK, seed >> 32))


def uniform01(seed, index, step=0):
    """Element `index` of the [0, 1) stream for `seed` at `step` (exact in
    f32 and f64)."""
    return (block(seed, index, step)[0] >> 8) * 2.0 ** -24


def uniform(shape, seed, low=0.0, high=1.0):
    """tg.random_uniform as the reference backend computes it, in float64:
    low + (high - low) * uniform01(seed, i) for row-major index i."""
    n = 1
    for s in shape:
        n *= s
    u = torch.tensor([uniform01(seed, i) for i in range(n)], dtype=torch.float64)
    return (low + (high - low) * u).reshape(shape)


def _self_check():
    # Random123's kat_vectors for philox4x32_10.
    known = [
        ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
        ((MASK, MASK, MASK, MASK), (MASK, MASK),
         (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
        ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
         (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
    ]
    for counter, key, want in known:
        got = philox4x32_10(counter, key)
        if got != want:
            raise AssertionError(f"philox4x32_10{counter, key} = {[hex(v) for v in got]}, "
                                 f"want {[hex(v) for v in want]}")


_self_check()
