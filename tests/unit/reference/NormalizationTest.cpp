//===- NormalizationTest.cpp - softmax, log_softmax, layer_norm -----------===//
//
// Known softmax values, masking with -inf, and hand loops for softmax along
// any axis, log_softmax and layer_norm (biased variance, epsilon, optional
// scale and bias, several normalized axes).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <algorithm>

namespace tgc::reference::testing {
namespace {

using NormalizationTest = ReferenceTest;

TEST_F(NormalizationTest, SoftmaxOfKnownScores) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<3xf32> {tg.input = "x"}) -> tensor<3xf32> {
      %0 = tg.softmax %x : tensor<3xf32>
      return %0 : tensor<3xf32>
    })mlir",
                                  {f32({2.0f, 1.0f, 0.1f}, {3})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NEAR(r[0].floats[0], 0.659, 5e-4);
  EXPECT_NEAR(r[0].floats[1], 0.242, 5e-4);
  EXPECT_NEAR(r[0].floats[2], 0.099, 5e-4);
  EXPECT_NEAR(r[0].floats[0] + r[0].floats[1] + r[0].floats[2], 1.0, 1e-12);
}

TEST_F(NormalizationTest, MaskedPositionGetsExactlyZeroWeightWithAddMask) {
  // The mask adds -inf (0xFF800000 in f32) to the last score.
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%s: tensor<1x6xf32> {tg.input = "scores"}) -> tensor<1x6xf32> {
      %mask = tg.constant dense<[0.0, 0.0, 0.0, 0.0, 0.0, 0xFF800000]> : tensor<6xf32>
      %0 = tg.add %s, %mask : (tensor<1x6xf32>, tensor<6xf32>) -> tensor<1x6xf32>
      %1 = tg.softmax %0 {axis = -1 : i64} : tensor<1x6xf32>
      return %1 : tensor<1x6xf32>
    })mlir",
                                  {f32({0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, {1, 6})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].floats[5], 0.0);
  double sum = 0;
  for (int j = 0; j < 5; ++j) {
    EXPECT_GT(r[0].floats[j], 0.0);
    sum += r[0].floats[j];
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // The unmasked weights are the softmax of the first five scores.
  double z = 0;
  for (float s : {0.1f, 0.2f, 0.3f, 0.4f, 0.5f})
    z += std::exp(double(s));
  EXPECT_NEAR(r[0].floats[4], std::exp(double(0.5f)) / z, 1e-14);
}

TEST_F(NormalizationTest, MaskedPositionGetsExactlyZeroWeightWithSelectMask) {
  // Causal-style mask built in IR: keep positions whose index < 5.
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%s: tensor<1x6xf32> {tg.input = "scores"}) -> tensor<1x6xf32> {
      %pos = tg.iota {dimension = 0 : i64} : tensor<6xi64>
      %five = tg.constant dense<5> : tensor<i64>
      %keep = tg.compare lt, %pos, %five : (tensor<6xi64>, tensor<i64>) -> tensor<6xi1>
      %ninf = tg.constant dense<0xFF800000> : tensor<f32>
      %0 = tg.select %keep, %s, %ninf : (tensor<6xi1>, tensor<1x6xf32>, tensor<f32>) -> tensor<1x6xf32>
      %1 = tg.softmax %0 : tensor<1x6xf32>
      return %1 : tensor<1x6xf32>
    })mlir",
                              {f32({0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, {1, 6})});
  ASSERT_EQ(r.size(), 1u);
  std::vector<float> p = elements<float>(r[0]);
  EXPECT_EQ(p[5], 0.0f);
  double sum = 0;
  for (int j = 0; j < 5; ++j)
    sum += p[j];
  EXPECT_NEAR(sum, 1.0, 1e-6); // f32 results
}

TEST_F(NormalizationTest, SoftmaxOfAllMinusInfSliceIsNaN) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x2xf32> {tg.input = "x"}) -> tensor<2x2xf32> {
      %0 = tg.softmax %x : tensor<2x2xf32>
      return %0 : tensor<2x2xf32>
    })mlir",
                                  {f32({-INFINITY, -INFINITY, 0.0f, 0.0f}, {2, 2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(std::isnan(r[0].floats[0]));
  EXPECT_TRUE(std::isnan(r[0].floats[1]));
  EXPECT_EQ(r[0].floats[2], 0.5);
  EXPECT_EQ(r[0].floats[3], 0.5);
}

TEST_F(NormalizationTest, SoftmaxOfLargeInputsDoesNotOverflow) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2xf64> {tg.input = "x"}) -> tensor<2xf64> {
      %0 = tg.softmax %x : tensor<2xf64>
      return %0 : tensor<2xf64>
    })mlir",
                                  {f64({1000.0, 1000.0}, {2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].floats, (std::vector<double>{0.5, 0.5}));
}

/// softmax of x [outer, n, inner] along the middle axis, by the formula.
std::vector<double> softmaxLoop(const std::vector<float> &x, int outer, int n,
                                int inner, bool logarithm) {
  std::vector<double> out(x.size());
  for (int o = 0; o < outer; ++o)
    for (int i = 0; i < inner; ++i) {
      auto at = [&](int j) { return (o * n + j) * inner + i; };
      double m = -INFINITY;
      for (int j = 0; j < n; ++j)
        m = std::max(m, double(x[at(j)]));
      double z = 0;
      for (int j = 0; j < n; ++j)
        z += std::exp(double(x[at(j)]) - m);
      for (int j = 0; j < n; ++j)
        out[at(j)] = logarithm ? (double(x[at(j)]) - m) - std::log(z)
                               : std::exp(double(x[at(j)]) - m) / z;
    }
  return out;
}

TEST_F(NormalizationTest, SoftmaxAndLogSoftmaxAlongEachAxisMatchLoops) {
  // x [2,3,4]: softmax along axis 0, -2 (=1) and -1 (=2).
  std::vector<float> x = randomFloats(24, 51, -4.0f, 4.0f);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3x4xf32> {tg.input = "x"})
        -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
      %0 = tg.softmax %x {axis = 0 : i64} : tensor<2x3x4xf32>
      %1 = tg.softmax %x {axis = -2 : i64} : tensor<2x3x4xf32>
      %2 = tg.softmax %x : tensor<2x3x4xf32>
      %3 = tg.log_softmax %x : tensor<2x3x4xf32>
      %4 = tg.log_softmax %x {axis = 1 : i64} : tensor<2x3x4xf32>
      return %0, %1, %2, %3, %4 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
    })mlir",
                                  {f32(x, {2, 3, 4})});
  ASSERT_EQ(r.size(), 5u);
  EXPECT_REL_NEAR(r[0].floats, softmaxLoop(x, 1, 2, 12, false), 1e-12);
  EXPECT_REL_NEAR(r[1].floats, softmaxLoop(x, 2, 3, 4, false), 1e-12);
  EXPECT_REL_NEAR(r[2].floats, softmaxLoop(x, 6, 4, 1, false), 1e-12);
  EXPECT_REL_NEAR(r[3].floats, softmaxLoop(x, 6, 4, 1, true), 1e-12);
  EXPECT_REL_NEAR(r[4].floats, softmaxLoop(x, 2, 3, 4, true), 1e-12);
  // log_softmax is the log of softmax.
  std::vector<double> logOfSoftmax;
  for (double p : r[2].floats)
    logOfSoftmax.push_back(std::log(p));
  EXPECT_REL_NEAR(r[3].floats, logOfSoftmax, 1e-12);
}

TEST_F(NormalizationTest, LogSoftmaxEqualsLogOfSoftmaxInIR) {
  std::vector<float> x = randomFloats(20, 52, -5.0f, 5.0f);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x10xf32> {tg.input = "x"}) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
      %0 = tg.log_softmax %x : tensor<2x10xf32>
      %1 = tg.softmax %x : tensor<2x10xf32>
      %2 = tg.log %1 : tensor<2x10xf32>
      return %0, %2 : tensor<2x10xf32>, tensor<2x10xf32>
    })mlir",
                                  {f32(x, {2, 10})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_REL_NEAR(r[0].floats, r[1].floats, 1e-12);
}

/// layer_norm over the trailing `n` elements of each of `rows` rows.
std::vector<double> layerNormLoop(const std::vector<float> &x, int rows, int n,
                                  const std::vector<float> *scale,
                                  const std::vector<float> *bias, double eps) {
  std::vector<double> out(x.size());
  for (int r = 0; r < rows; ++r) {
    double mean = 0, var = 0;
    for (int j = 0; j < n; ++j)
      mean += x[r * n + j];
    mean /= n;
    for (int j = 0; j < n; ++j)
      var += (x[r * n + j] - mean) * (x[r * n + j] - mean);
    var /= n; // biased
    for (int j = 0; j < n; ++j) {
      double y = (x[r * n + j] - mean) / std::sqrt(var + eps);
      if (scale)
        y *= (*scale)[j];
      if (bias)
        y += (*bias)[j];
      out[r * n + j] = y;
    }
  }
  return out;
}

TEST_F(NormalizationTest, LayerNormOverLastTwoAxesWithAndWithoutScaleBias) {
  // x [2,3,4] normalized over [3,4] (axis = -2): 2 rows of 12 elements.
  std::vector<float> x = randomFloats(24, 61, -2.0f, 3.0f);
  std::vector<float> g = randomFloats(12, 62, 0.5f, 1.5f);
  std::vector<float> b = randomFloats(12, 63, -0.5f, 0.5f);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3x4xf32> {tg.input = "x"}, %g: tensor<3x4xf32> {tg.param = "g"}, %b: tensor<3x4xf32> {tg.param = "b"})
        -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
      %0 = tg.layer_norm %x {axis = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
      %1 = tg.layer_norm %x scale %g {axis = -2 : i64, epsilon = 1.0e-03 : f64} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
      %2 = tg.layer_norm %x bias %b {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
      %3 = tg.layer_norm %x scale %g bias %b {axis = -2 : i64, epsilon = 0.5 : f64} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
      return %0, %1, %2, %3 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
    })mlir",
                                  {f32(x, {2, 3, 4}), f32(g, {3, 4}), f32(b, {3, 4})});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_REL_NEAR(r[0].floats, layerNormLoop(x, 2, 12, nullptr, nullptr, 1e-5), 1e-12);
  EXPECT_REL_NEAR(r[1].floats, layerNormLoop(x, 2, 12, &g, nullptr, 1e-3), 1e-12);
  EXPECT_REL_NEAR(r[2].floats, layerNormLoop(x, 2, 12, nullptr, &b, 1e-5), 1e-12);
  EXPECT_REL_NEAR(r[3].floats, layerNormLoop(x, 2, 12, &g, &b, 0.5), 1e-12);
}

TEST_F(NormalizationTest, LayerNormOverLastAxisByHand) {
  // Row [1, 2, 3, 4]: mean 2.5, biased variance 1.25; with epsilon 0 the
  // result is (x - 2.5) / sqrt(1.25).
  std::vector<float> g = {1, 2, 1, 2}, b = {0, 0, 1, 1};
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x4xf32> {tg.input = "x"}, %g: tensor<4xf32> {tg.param = "g"}, %b: tensor<4xf32> {tg.param = "b"}) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
      %0 = tg.layer_norm %x {epsilon = 0.0 : f64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
      %1 = tg.layer_norm %x scale %g bias %b {epsilon = 0.0 : f64} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
      return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
    })mlir",
                                  {f32({1, 2, 3, 4, 10, 10, 10, 14}, {2, 4}), f32(g, {4}), f32(b, {4})});
  ASSERT_EQ(r.size(), 2u);
  double s = std::sqrt(1.25);
  // Row 2 [10, 10, 10, 14]: mean 11, variance (1+1+1+9)/4 = 3.
  double t = std::sqrt(3.0);
  std::vector<double> want0 = {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s,
                               -1 / t, -1 / t, -1 / t, 3 / t};
  EXPECT_REL_NEAR(r[0].floats, want0, 1e-14);
  std::vector<double> want1(8);
  for (int i = 0; i < 8; ++i)
    want1[i] = want0[i] * g[i % 4] + b[i % 4];
  EXPECT_REL_NEAR(r[1].floats, want1, 1e-14);
}

} // namespace
} // namespace tgc::reference::testing
