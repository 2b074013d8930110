//===- Random.h - The counter-based random stream of tgc -------*- C++ -*-===//
//
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
// 3", SC'11; the Random123 library) and the one random stream definition
// that every tgc backend must reproduce bit for bit.
//
// The stream. For a random op with 64-bit `seed`, 64-bit `step` (the op's
// optional step operand, 0 without it) and an output element with row-major
// linear index `i`:
//
//   block = philox4x32_10({lo32(i), hi32(i), lo32(step), hi32(step)},
//                         {lo32(seed), hi32(seed)})
//   uniform01(seed, i, step)      = (block[0] >> 8) * 2^-24      in [0, 1)
//   standardNormal(seed, i, step) = sqrt(-2 ln u1) * cos(2 pi u2), where
//       u1 = ((block[0] >> 8) + 1) * 2^-24                       in (0, 1]
//       u2 = (block[1] >> 8) * 2^-24                             in [0, 1)
//
// uniform01 values are multiples of 2^-24 below 1, hence exact in f32. A
// value depends only on (seed, i, step): never on thread count, tiling or the
// order in which elements are produced. standardNormal is evaluated in
// double; a backend computing it in lower precision matches only to within
// that precision.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_RANDOM_H
#define TGC_RUNTIME_RANDOM_H

#include <array>
#include <cstdint>

namespace tgc {

/// One Philox4x32 block with 10 rounds (multipliers 0xD2511F53 and
/// 0xCD9E8D57, Weyl key increments 0x9E3779B9 and 0xBB67AE85), matching
/// Random123's philox4x32_R(10, ...).
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter,
                                      std::array<uint32_t, 2> key);

/// The Philox block of element \p index of the stream for \p seed at
/// \p step (the upper half of the counter; 0 is the stream of a random op
/// without a step operand).
std::array<uint32_t, 4> philoxBlock(uint64_t seed, uint64_t index,
                                    uint64_t step = 0);

/// Element \p index of the uniform [0, 1) stream for \p seed at \p step
/// (see above).
double uniform01(uint64_t seed, uint64_t index, uint64_t step = 0);

/// Element \p index of the standard normal stream for \p seed at \p step
/// (see above).
double standardNormal(uint64_t seed, uint64_t index, uint64_t step = 0);

} // namespace tgc

#endif // TGC_RUNTIME_RANDOM_H
