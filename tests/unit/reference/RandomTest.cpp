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

//===--- The step operand ---------------------------------------------------===//

/// The four random ops with a step operand %s, each over n elements; the
/// dropout input is %x. (f32 types; run64 holds the values in double.)
std::string steppedIR(int64_t n) {
  std::string t = "tensor<" + std::to_string(n) + "xf32>";
  return "func.func @f(%s: tensor<i64> {tg.input = \"s\"}, %x: " + t +
         " {tg.input = \"x\"}) -> (" + t + ", " + t + ", " + t + ", " + t + ") {\n"
         "  %0 = tg.random_uniform step(%s) {seed = 5 : i64} : " + t + "\n"
         "  %1 = tg.random_normal step(%s) {seed = 5 : i64} : " + t + "\n"
         "  %2 = tg.bernoulli step(%s) {probability = 0.5 : f64, seed = 5 : i64} : " + t + "\n"
         "  %3 = tg.dropout %x step(%s) {ratio = 0.5 : f64, seed = 5 : i64} : " + t + "\n"
         "  return %0, %1, %2, %3 : " + t + ", " + t + ", " + t + ", " + t + "\n}\n";
}

/// The same ops without a step operand.
std::string unsteppedIR(int64_t n) {
  std::string ir = steppedIR(n);
  for (size_t at; (at = ir.find("step(%s) ")) != std::string::npos;)
    ir.erase(at, 9);
  return ir;
}

Tensor scalarI64(int64_t v) { return i64({v}, {}); }

TEST_F(RandomTest, StepOperandSelectsTheCounterHalfOfThePhiloxBlock) {
  // u(i) at step s is Philox with counter {lo(i), hi(i), lo(s), hi(s)}, as
  // ir/TgOps.td defines it; s is taken as its two's-complement bits.
  for (int64_t s : {int64_t(0), int64_t(1), int64_t(1) << 33, int64_t(-3)}) {
    uint64_t bits = static_cast<uint64_t>(s);
    for (uint64_t i : {0ull, 9ull, (1ull << 32) + 1}) {
      std::array<uint32_t, 4> block = philox4x32_10(
          {uint32_t(i), uint32_t(i >> 32), uint32_t(bits), uint32_t(bits >> 32)},
          {5u, 0u});
      EXPECT_EQ(uniform01(5, i, bits), std::ldexp(double(block[0] >> 8), -24))
          << "step " << s << " index " << i;
    }
  }
}

TEST_F(RandomTest, StepZeroIsTheStreamWithoutAStep) {
  // The attribute-only form is exactly the stream of step 0.
  const int n = 64;
  std::vector<float> x = randomFloats(n, 74, 0.5f, 2.0f);
  std::vector<RefValue> stepped = run64(steppedIR(n), {scalarI64(0), f32(x, {n})});
  std::vector<RefValue> plain = run64(unsteppedIR(n), {scalarI64(0), f32(x, {n})});
  ASSERT_EQ(stepped.size(), 4u);
  ASSERT_EQ(plain.size(), 4u);
  for (int r = 0; r < 4; ++r)
    EXPECT_EQ(stepped[r].floats, plain[r].floats) << "result " << r;
}

TEST_F(RandomTest, DifferentStepsGiveDifferentReproducibleStreams) {
  const int n = 256;
  std::vector<float> x = randomFloats(n, 75, 0.5f, 2.0f); // never zero
  std::string ir = steppedIR(n);
  std::vector<std::vector<RefValue>> byStep;
  for (int64_t s : {0, 1, 2, 1000003}) {
    std::vector<RefValue> r = run64(ir, {scalarI64(s), f32(x, {n})});
    std::vector<RefValue> again = run64(ir, {scalarI64(s), f32(x, {n})});
    ASSERT_EQ(r.size(), 4u);
    ASSERT_EQ(again.size(), 4u);
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(r[k].floats, again[k].floats) << "step " << s << " result " << k;
    // Each value is the documented stream at this step.
    for (int i = 0; i < n; ++i) {
      uint64_t bits = static_cast<uint64_t>(s);
      EXPECT_EQ(r[0].floats[i], uniform01(5, i, bits)) << i;
      EXPECT_EQ(r[1].floats[i], standardNormal(5, i, bits)) << i;
      EXPECT_EQ(r[2].floats[i], uniform01(5, i, bits) < 0.5 ? 1.0 : 0.0) << i;
      EXPECT_EQ(r[3].floats[i],
                uniform01(5, i, bits) < 0.5 ? 0.0 : double(x[i]) / 0.5)
          << i;
    }
    byStep.push_back(std::move(r));
  }
  // Two steps share no uniform or normal value at the same index, and their
  // Bernoulli / dropout masks differ in about half the places (p = 0.5):
  // 128 expected of 256, far from 0 (binomial sd 8).
  for (size_t a = 0; a < byStep.size(); ++a)
    for (size_t b = a + 1; b < byStep.size(); ++b) {
      int sameUniform = 0, sameNormal = 0, maskDiffers = 0;
      for (int i = 0; i < n; ++i) {
        sameUniform += byStep[a][0].floats[i] == byStep[b][0].floats[i];
        sameNormal += byStep[a][1].floats[i] == byStep[b][1].floats[i];
        maskDiffers += byStep[a][2].floats[i] != byStep[b][2].floats[i];
      }
      EXPECT_EQ(sameUniform, 0) << a << " vs " << b;
      EXPECT_EQ(sameNormal, 0) << a << " vs " << b;
      EXPECT_GT(maskDiffers, 80) << a << " vs " << b;
      EXPECT_NE(byStep[a][3].floats, byStep[b][3].floats) << a << " vs " << b;
    }
}

} // namespace
} // namespace tgc::reference::testing
