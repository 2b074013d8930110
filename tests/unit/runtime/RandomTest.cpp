//===- RandomTest.cpp - Tests of Philox and the tgc random stream ---------===//
//
// Known-answer vectors are Random123's kat_vectors for philox4x32 with 10
// rounds; the rest checks the stream's statistics and thread independence.
//
//===----------------------------------------------------------------------===//
#include "runtime/Random.h"

#include <cmath>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace tgc {
namespace {

using Block = std::array<uint32_t, 4>;

TEST(Random, PhiloxKnownAnswers) {
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (Block{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                          {0xffffffff, 0xffffffff}),
            (Block{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                          {0xa4093822, 0x299f31d0}),
            (Block{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Random, StreamDefinition) {
  uint64_t seed = 0x0123456789abcdefULL, i = 0xfedcba9876543210ULL;
  Block b = philox4x32_10({0x76543210u, 0xfedcba98u, 0, 0},
                          {0x89abcdefu, 0x01234567u});
  EXPECT_EQ(philoxBlock(seed, i), b);
  EXPECT_EQ(uniform01(seed, i), (b[0] >> 8) / 16777216.0);
  double u1 = ((b[0] >> 8) + 1) / 16777216.0, u2 = (b[1] >> 8) / 16777216.0;
  EXPECT_EQ(standardNormal(seed, i),
            std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2));
}

TEST(Random, UniformRangeAndMean) {
  const int n = 100000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double u = uniform01(7, i);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_EQ(static_cast<double>(static_cast<float>(u)), u); // Exact in f32.
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
}

TEST(Random, NormalMoments) {
  const int n = 100000;
  double sum = 0, sumSq = 0;
  for (int i = 0; i < n; ++i) {
    double z = standardNormal(11, i);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    sumSq += z * z;
  }
  double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 0.02);
  EXPECT_NEAR(sumSq / n - mean * mean, 1.0, 0.03);
}

TEST(Random, IndependentOfThreading) {
  const int n = 10000, threads = 4, chunk = 97;
  std::vector<double> serialU(n), serialN(n), parU(n), parN(n);
  for (int i = 0; i < n; ++i) {
    serialU[i] = uniform01(99, i);
    serialN[i] = standardNormal(99, i);
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // Interleaved chunks: thread t owns chunks t, t+threads, ...
      for (int start = t * chunk; start < n; start += threads * chunk)
        for (int i = start; i < std::min(n, start + chunk); ++i) {
          parU[i] = uniform01(99, i);
          parN[i] = standardNormal(99, i);
        }
    });
  for (std::thread &th : pool)
    th.join();
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(serialU[i], parU[i]) << i;
    ASSERT_EQ(serialN[i], parN[i]) << i;
  }
}

TEST(Random, SeedsGiveDifferentStreams) {
  int same = 0;
  for (int i = 0; i < 1000; ++i)
    same += uniform01(1, i) == uniform01(2, i);
  EXPECT_LT(same, 5);
  // The high half of the seed matters too.
  same = 0;
  for (int i = 0; i < 1000; ++i)
    same += uniform01(1, i) == uniform01(1 | (uint64_t(1) << 32), i);
  EXPECT_LT(same, 5);
  // And the high half of the index.
  EXPECT_NE(philoxBlock(5, 3), philoxBlock(5, 3 | (uint64_t(1) << 32)));
}

} // namespace
} // namespace tgc
