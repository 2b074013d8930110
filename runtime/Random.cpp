//===- Random.cpp - The counter-based random stream of tgc ----------------===//
//
// Philox4x32-10 and the uniform / normal transforms defined in Random.h.
//
//===----------------------------------------------------------------------===//
#include "runtime/Random.h"

#include <cmath>

namespace tgc {

namespace {

constexpr uint32_t kMul0 = 0xD2511F53u;
constexpr uint32_t kMul1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u;
constexpr uint32_t kWeyl1 = 0xBB67AE85u;
constexpr double kTwoPow24Inv = 1.0 / 16777216.0;
constexpr double kTwoPi = 6.283185307179586476925286766559;

inline void mulhilo(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
  uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

inline std::array<uint32_t, 4> round(const std::array<uint32_t, 4> &ctr,
                                     const std::array<uint32_t, 2> &key) {
  uint32_t hi0, lo0, hi1, lo1;
  mulhilo(kMul0, ctr[0], hi0, lo0);
  mulhilo(kMul1, ctr[2], hi1, lo1);
  return {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
}

} // namespace

std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter,
                                      std::array<uint32_t, 2> key) {
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    counter = round(counter, key);
  }
  return counter;
}

std::array<uint32_t, 4> philoxBlock(uint64_t seed, uint64_t index,
                                    uint64_t step) {
  return philox4x32_10({static_cast<uint32_t>(index),
                        static_cast<uint32_t>(index >> 32),
                        static_cast<uint32_t>(step),
                        static_cast<uint32_t>(step >> 32)},
                       {static_cast<uint32_t>(seed),
                        static_cast<uint32_t>(seed >> 32)});
}

double uniform01(uint64_t seed, uint64_t index, uint64_t step) {
  return (philoxBlock(seed, index, step)[0] >> 8) * kTwoPow24Inv;
}

double standardNormal(uint64_t seed, uint64_t index, uint64_t step) {
  std::array<uint32_t, 4> block = philoxBlock(seed, index, step);
  double u1 = ((block[0] >> 8) + 1) * kTwoPow24Inv;
  double u2 = (block[1] >> 8) * kTwoPow24Inv;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

} // namespace tgc
