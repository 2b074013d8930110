//===- RandomTest.cpp - reference evaluation of the random ops ------------===//
//
// random_uniform, random_normal, bernoulli and dropout: deterministic,
// seed-dependent, equal to the documented formulas over runtime/Random.h's
// Philox stream, and independent of the tensor's size (element i depends on
// (seed, i) alone, which is what makes them thread-count independent).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "runtime/Random.h"

namespace tgc::reference::testing {
namespace {

using RandomTest = ReferenceTest;

/// The uniform [0, 1) value of (seed, i), from the Philox block by the
/// formula in ir/TgOps.td: (block[0] >> 8) * 2^-24.
double uniformByFormula(uint64_t seed, uint64_t i) {
  return std::ldexp(double(philoxBlock(seed, i)[0] >> 8), -24);
}

/// Box-Muller over block[0] and block[1], as ir/TgOps.td defines it.
double normalByFormula(uint64_t seed, uint64_t i) {
  std::array<uint32_t, 4> block = philoxBlock(seed, i);
  double u1 = std::ldexp(double((block[0] >> 8) + 1), -24);
  double u2 = std::ldexp(double(block[1] >> 8), -24);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

std::string uniformIR(int64_t seed, int64_t n, double low = 0.0, double high = 1.0) {
  return "func.func @f() -> tensor<" + std::to_string(n) + "xf64> {\n"
         "  %0 = tg.random_uniform {seed = " + std::to_string(seed) +
         " : i64, low = " + std::to_string(low) + " : f64, high = " +
         std::to_string(high) + " : f64} : tensor<" + std::to_string(n) +
         "xf64>\n  return %0 : tensor<" + std::to_string(n) + "xf64>\n}\n";
}

std::string normalIR(int64_t seed, int64_t n) {
  return "func.func @f() -> tensor<" + std::to_string(n) + "xf64> {\n"
         "  %0 = tg.random_normal {seed = " + std::to_string(seed) +
         " : i64, mean = 0.5 : f64, stddev = 2.0 : f64} : tensor<" +
         std::to_string(n) + "xf64>\n  return %0 : tensor<" + std::to_string(n) +
         "xf64>\n}\n";
}

std::string bernoulliIR(int64_t seed, int64_t n) {
  return "func.func @f() -> tensor<" + std::to_string(n) + "xf32> {\n"
         "  %0 = tg.bernoulli {probability = 0.3 : f64, seed = " +
         std::to_string(seed) + " : i64} : tensor<" + std::to_string(n) +
         "xf32>\n  return %0 : tensor<" + std::to_string(n) + "xf32>\n}\n";
}

std::string dropoutIR(int64_t seed, int64_t n, bool training = true) {
  std::string t = "tensor<" + std::to_string(n) + "xf32>";
  return "func.func @f(%x: " + t + " {tg.input = \"x\"}) -> " + t + " {\n"
         "  %0 = tg.dropout %x {ratio = 0.25 : f64, seed = " + std::to_string(seed) +
         " : i64, training = " + (training ? "true" : "false") + "} : " + t +
         "\n  return %0 : " + t + "\n}\n";
}

TEST_F(RandomTest, RuntimeStreamMatchesDocumentedFormula) {
  for (uint64_t seed : {0ull, 42ull, 0xFFFFFFFFFFFFFFF9ull})
    for (uint64_t i : {0ull, 1ull, 7ull, 1000ull, (1ull << 32) + 3})
      EXPECT_EQ(uniform01(seed, i), uniformByFormula(seed, i))
          << "seed " << seed << " index " << i;
  for (uint64_t i : {0ull, 5ull, 99ull})
    EXPECT_NEAR(standardNormal(42, i), normalByFormula(42, i), 1e-15);
}

TEST_F(RandomTest, RandomUniformFollowsFormulaAndIsDeterministic) {
  std::string ir = uniformIR(42, 64, -1.0, 2.5);
  std::vector<RefValue> first = run64(ir), second = run64(ir);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].floats, second[0].floats);
  for (int64_t i = 0; i < 64; ++i) {
    EXPECT_EQ(first[0].floats[i], -1.0 + (2.5 - -1.0) * uniform01(42, i)) << i;
    EXPECT_GE(first[0].floats[i], -1.0);
    EXPECT_LT(first[0].floats[i], 2.5);
  }
  // Not all equal: a real stream.
  EXPECT_NE(first[0].floats[0], first[0].floats[1]);
}

TEST_F(RandomTest, RandomUniformF32DefaultsAndNegativeSeed) {
  // Default bounds [0, 1): the values are multiples of 2^-24, exact in f32.
  std::vector<Tensor> r = run(R"mlir(
    func.func @f() -> tensor<2x3xf32> {
      %0 = tg.random_uniform {seed = -7 : i64} : tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    })mlir");
  ASSERT_EQ(r.size(), 1u);
  std::vector<float> v = elements<float>(r[0]);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(double(v[i]), uniform01(static_cast<uint64_t>(int64_t(-7)), i)) << i;
}

TEST_F(RandomTest, DifferentSeedsGiveDifferentValues) {
  std::vector<RefValue> a = run64(uniformIR(1, 16)), b = run64(uniformIR(2, 16));
  std::vector<RefValue> na = run64(normalIR(1, 16)), nb = run64(normalIR(2, 16));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(na.size(), 1u);
  ASSERT_EQ(nb.size(), 1u);
  int differ = 0, differNormal = 0;
  for (int i = 0; i < 16; ++i) {
    differ += a[0].floats[i] != b[0].floats[i];
    differNormal += na[0].floats[i] != nb[0].floats[i];
  }
  EXPECT_EQ(differ, 16);
  EXPECT_EQ(differNormal, 16);
}

TEST_F(RandomTest, RandomNormalFollowsBoxMuller) {
  std::string ir = normalIR(3, 4000);
  std::vector<RefValue> r = run64(ir), again = run64(ir);
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(r[0].floats, again[0].floats);
  for (int64_t i : {0, 1, 2, 17, 3999}) {
    EXPECT_EQ(r[0].floats[i], 0.5 + 2.0 * standardNormal(3, i)) << i;
    EXPECT_NEAR(r[0].floats[i], 0.5 + 2.0 * normalByFormula(3, i), 1e-14) << i;
  }
  // Sample moments of 4000 draws: mean 0.5 +- ~0.03, stddev 2 +- ~0.02.
  double mean = 0, sq = 0;
  for (double v : r[0].floats)
    mean += v / 4000;
  for (double v : r[0].floats)
    sq += (v - mean) * (v - mean) / 4000;
  EXPECT_NEAR(mean, 0.5, 0.15);
  EXPECT_NEAR(std::sqrt(sq), 2.0, 0.15);
}

TEST_F(RandomTest, BernoulliIsUniformBelowProbability) {
  std::string ir = bernoulliIR(9, 2000);
  std::vector<RefValue> r = run64(ir), again = run64(ir);
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(r[0].floats, again[0].floats);
  int ones = 0;
  for (int64_t i = 0; i < 2000; ++i) {
    EXPECT_EQ(r[0].floats[i], uniform01(9, i) < 0.3 ? 1.0 : 0.0) << i;
    ones += r[0].floats[i] == 1.0;
  }
  EXPECT_NEAR(ones / 2000.0, 0.3, 0.05);
}

TEST_F(RandomTest, BernoulliI1AndExtremeProbabilities) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f() -> (tensor<8xi1>, tensor<8xi1>, tensor<8xf32>) {
      %0 = tg.bernoulli {probability = 0.5 : f64, seed = 4 : i64} : tensor<8xi1>
      %1 = tg.bernoulli {probability = 1.0 : f64, seed = 4 : i64} : tensor<8xi1>
      %2 = tg.bernoulli {probability = 0.0 : f64, seed = 4 : i64} : tensor<8xf32>
      return %0, %1, %2 : tensor<8xi1>, tensor<8xi1>, tensor<8xf32>
    })mlir");
  ASSERT_EQ(r.size(), 3u);
  std::vector<uint8_t> half = elements<uint8_t>(r[0]);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(half[i], uniform01(4, i) < 0.5 ? 1 : 0) << i;
  EXPECT_EQ(elements<uint8_t>(r[1]), (std::vector<uint8_t>(8, 1)));
  EXPECT_EQ(elements<float>(r[2]), (std::vector<float>(8, 0.0f)));
}

TEST_F(RandomTest, DropoutZeroesAboutRatioAndScalesTheRestExactly) {
  const int n = 4000;
  std::vector<float> x = randomFloats(n, 71, 0.5f, 2.0f); // never zero
  std::string ir = dropoutIR(7, n);
  std::vector<RefValue> r = run64(ir, {f32(x, {n})});
  std::vector<RefValue> again = run64(ir, {f32(x, {n})});
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(r[0].floats, again[0].floats);
  int zeros = 0;
  for (int i = 0; i < n; ++i) {
    if (uniform01(7, i) < 0.25) {
      EXPECT_EQ(r[0].floats[i], 0.0) << i;
      ++zeros;
    } else {
      EXPECT_EQ(r[0].floats[i], double(x[i]) / (1.0 - 0.25)) << i;
    }
  }
  EXPECT_NEAR(zeros / double(n), 0.25, 0.03);
  // Every element is either 0 or x / (1 - ratio).
  for (int i = 0; i < n; ++i)
    EXPECT_TRUE(r[0].floats[i] == 0.0 || r[0].floats[i] == double(x[i]) / 0.75);
}

TEST_F(RandomTest, DropoutNotTrainingIsIdentityAndSeedMatters) {
  std::vector<float> x = randomFloats(64, 72, 0.5f, 2.0f);
  std::vector<RefValue> eval = run64(dropoutIR(7, 64, /*training=*/false), {f32(x, {64})});
  ASSERT_EQ(eval.size(), 1u);
  EXPECT_EQ(eval[0].floats, widen(x));
  std::vector<RefValue> a = run64(dropoutIR(7, 64), {f32(x, {64})});
  std::vector<RefValue> b = run64(dropoutIR(8, 64), {f32(x, {64})});
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(a[0].floats, b[0].floats);
}

TEST_F(RandomTest, ValuesDoNotDependOnTensorSize) {
  // The first 10 elements of a [10] and a [1000] tensor with the same seed
  // are equal, for every random op.
  std::vector<RefValue> u10 = run64(uniformIR(5, 10)), u1000 = run64(uniformIR(5, 1000));
  std::vector<RefValue> n10 = run64(normalIR(5, 10)), n1000 = run64(normalIR(5, 1000));
  std::vector<RefValue> b10 = run64(bernoulliIR(5, 10)), b1000 = run64(bernoulliIR(5, 1000));
  std::vector<float> x = randomFloats(1000, 73, 0.5f, 2.0f);
  std::vector<float> x10(x.begin(), x.begin() + 10);
  std::vector<RefValue> d10 = run64(dropoutIR(5, 10), {f32(x10, {10})});
  std::vector<RefValue> d1000 = run64(dropoutIR(5, 1000), {f32(x, {1000})});
  for (auto *v : {&u10, &u1000, &n10, &n1000, &b10, &b1000, &d10, &d1000})
    ASSERT_EQ(v->size(), 1u);
  auto prefix = [](const RefValue &v) {
    return std::vector<double>(v.floats.begin(), v.floats.begin() + 10);
  };
  EXPECT_EQ(u10[0].floats, prefix(u1000[0]));
  EXPECT_EQ(n10[0].floats, prefix(n1000[0]));
  EXPECT_EQ(b10[0].floats, prefix(b1000[0]));
  EXPECT_EQ(d10[0].floats, prefix(d1000[0]));
}

TEST_F(RandomTest, ElementIndexIsRowMajorLinearIndex) {
  // A [4,5] tensor holds the same stream as a [20] one, in row-major order.
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f() -> tensor<4x5xf64> {
      %0 = tg.random_uniform {seed = 11 : i64} : tensor<4x5xf64>
      return %0 : tensor<4x5xf64>
    })mlir");
  ASSERT_EQ(r.size(), 1u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(r[0].floats[i], uniformByFormula(11, i)) << i;
}

} // namespace
} // namespace tgc::reference::testing
