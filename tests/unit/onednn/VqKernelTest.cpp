//===- VqKernelTest.cpp - the nearest-codeword kernel against brute force -===//
//
// makeNearestCodewordKernel at odd sizes (N, D, K of 1, a partial block of
// codewords, a partial tile of rows, sizes that run on several threads)
// against an argmin of the full distances in float64. f32 rounding may pick
// another codeword at a near-tie, so a different index is accepted when its
// float64 distance is within 1e-5 (relative to ||z||² + ||e||²) of the
// least; exact ties must resolve to the lowest index and NaNs as tg.argmin.
// ctest runs the suite twice: with the host's vector ISA and with
// TGC_MAX_CPU_ISA=baseline (the plain-loop variant).
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/VqKernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace tgc::onednn {
namespace {

struct Problem {
  int64_t n, d, k;
  std::vector<float> z, e;
};

Problem randomProblem(int64_t n, int64_t d, int64_t k, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Problem p{n, d, k, std::vector<float>(n * d), std::vector<float>(k * d)};
  for (float &x : p.z)
    x = normal(rng);
  for (float &x : p.e)
    x = normal(rng);
  return p;
}

std::vector<int64_t> run(const Problem &p) {
  std::unique_ptr<Kernel> kernel =
      makeNearestCodewordKernel({DType::F32, p.n, p.d, p.k});
  EXPECT_TRUE(kernel);
  std::vector<int64_t> zShape = {p.n, p.d}, eShape = {p.k, p.d}, outShape = {p.n};
  std::vector<int64_t> out(p.n, -7); // poisoned
  absl::Status status = kernel->run(
      {{const_cast<float *>(p.z.data()), DType::F32, &zShape},
       {const_cast<float *>(p.e.data()), DType::F32, &eShape}},
      {{out.data(), DType::I64, &outShape}});
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

/// distances[k] of row `row` in float64, as the unfused spelling.
std::vector<double> distances(const Problem &p, int64_t row) {
  std::vector<double> d(p.k);
  double zn = 0;
  for (int64_t c = 0; c < p.d; ++c)
    zn += double(p.z[row * p.d + c]) * p.z[row * p.d + c];
  for (int64_t j = 0; j < p.k; ++j) {
    double en = 0, dot = 0;
    for (int64_t c = 0; c < p.d; ++c) {
      en += double(p.e[j * p.d + c]) * p.e[j * p.d + c];
      dot += double(p.z[row * p.d + c]) * p.e[j * p.d + c];
    }
    d[j] = (zn - 2 * dot) + en;
  }
  return d;
}

void expectNearest(const Problem &p, const std::vector<int64_t> &got) {
  for (int64_t row = 0; row < p.n; ++row) {
    std::vector<double> d = distances(p, row);
    int64_t best = 0;
    double scale = 0;
    for (int64_t j = 0; j < p.k; ++j) {
      if (d[j] < d[best])
        best = j;
      scale = std::max(scale, std::abs(d[j]));
    }
    ASSERT_GE(got[row], 0) << "row " << row;
    ASSERT_LT(got[row], p.k) << "row " << row;
    if (got[row] != best) {
      EXPECT_LE(d[got[row]] - d[best], 1e-5 * (scale + 1))
          << "row " << row << ": got " << got[row] << ", nearest " << best;
    }
  }
}

TEST(NearestCodewordKernel, OddShapes) {
  const int64_t shapes[][3] = {{7, 3, 5},   {1, 1, 1},    {5, 4, 1},   {13, 1, 9},
                               {48, 2, 16}, {49, 8, 70},  {1, 16, 17}, {97, 64, 130},
                               {203, 33, 64}, {300, 7, 193}};
  uint32_t seed = 1;
  for (const auto &s : shapes) {
    SCOPED_TRACE("N=" + std::to_string(s[0]) + " D=" + std::to_string(s[1]) +
                 " K=" + std::to_string(s[2]));
    Problem p = randomProblem(s[0], s[1], s[2], seed++);
    expectNearest(p, run(p));
  }
}

// The codebook is an input: a second run with other codewords must not
// see the first run's packed copy.
TEST(NearestCodewordKernel, CodebookChangesBetweenRuns) {
  Problem p = randomProblem(61, 12, 77, 11);
  std::unique_ptr<Kernel> kernel = makeNearestCodewordKernel({DType::F32, p.n, p.d, p.k});
  ASSERT_TRUE(kernel);
  std::vector<int64_t> zShape = {p.n, p.d}, eShape = {p.k, p.d}, outShape = {p.n};
  for (uint32_t round = 0; round < 3; ++round) {
    Problem q = randomProblem(p.n, p.d, p.k, 100 + round);
    std::vector<int64_t> out(p.n, -7);
    ASSERT_TRUE(kernel
                    ->run({{q.z.data(), DType::F32, &zShape}, {q.e.data(), DType::F32, &eShape}},
                          {{out.data(), DType::I64, &outShape}})
                    .ok());
    expectNearest(q, out);
  }
}

// Duplicated codewords tie exactly: the lowest index wins, in every lane
// and block position.
TEST(NearestCodewordKernel, TiesGoToLowestIndex) {
  Problem p = randomProblem(20, 5, 150, 3);
  // Codewords 100..149 repeat 0..49, and 70 repeats 69.
  for (int64_t j = 100; j < 150; ++j)
    std::copy_n(p.e.begin() + (j - 100) * p.d, p.d, p.e.begin() + j * p.d);
  std::copy_n(p.e.begin() + 69 * p.d, p.d, p.e.begin() + 70 * p.d);
  // Rows equal to a codeword: the duplicate pairs tie at distance 0.
  for (int64_t row = 0; row < 5; ++row)
    std::copy_n(p.e.begin() + (row * 10) * p.d, p.d, p.z.begin() + row * p.d);
  std::copy_n(p.e.begin() + 69 * p.d, p.d, p.z.begin() + 5 * p.d);
  std::vector<int64_t> got = run(p);
  for (int64_t row = 0; row < 5; ++row)
    EXPECT_EQ(got[row], row * 10) << "row " << row;
  EXPECT_EQ(got[5], 69);
  for (int64_t row = 0; row < p.n; ++row)
    EXPECT_LT(got[row], 100) << "row " << row << " took a later duplicate";
  expectNearest(p, got);
}

// NaN as tg.argmin of the distances: a NaN row is all NaN (index 0); a NaN
// codeword is the nearest of every row (its distances are NaN, the first
// NaN wins).
TEST(NearestCodewordKernel, NaNs) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Problem p = randomProblem(9, 4, 40, 5);
  p.z[3 * p.d + 2] = nan;
  std::vector<int64_t> got = run(p);
  EXPECT_EQ(got[3], 0);
  p.e[33 * p.d + 1] = nan;
  p.e[21 * p.d + 0] = nan;
  got = run(p);
  for (int64_t row = 0; row < p.n; ++row)
    EXPECT_EQ(got[row], row == 3 ? 0 : 21) << "row " << row;
}

TEST(NearestCodewordKernel, RefusesWhatItCannotRun) {
  EXPECT_FALSE(makeNearestCodewordKernel({DType::F16, 4, 4, 4}));
  EXPECT_FALSE(makeNearestCodewordKernel({DType::F32, 4, 4, 0}));
}

} // namespace
} // namespace tgc::onednn
