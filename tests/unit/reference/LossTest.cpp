//===- LossTest.cpp - reference evaluation of cross_entropy and mse -------===//

#include "TestUtil.h"

#include <algorithm>

namespace tgc::reference::testing {
namespace {

using LossTest = ReferenceTest;

/// Mean over kept positions of logsumexp(row) - row[label].
double crossEntropyLoop(const std::vector<float> &logits,
                        const std::vector<int64_t> &labels, int classes,
                        std::optional<int64_t> ignore) {
  double total = 0;
  int kept = 0;
  for (size_t p = 0; p < labels.size(); ++p) {
    if (ignore && labels[p] == *ignore)
      continue;
    double z = 0;
    for (int c = 0; c < classes; ++c)
      z += std::exp(double(logits[p * classes + c]));
    total += std::log(z) - double(logits[p * classes + labels[p]]);
    ++kept;
  }
  return total / kept;
}

TEST_F(LossTest, CrossEntropyOfUniformLogitsIsLogC) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%l: tensor<2x4xf32> {tg.input = "logits"}, %y: tensor<2xi64> {tg.input = "labels"}) -> tensor<f32> {
      %0 = tg.cross_entropy %l, %y : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                  {f32(std::vector<float>(8, 3.0f), {2, 4}), i64({0, 3}, {2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(shapeOf(r[0]), (std::vector<int64_t>{}));
  EXPECT_NEAR(r[0].floats[0], std::log(4.0), 1e-15);
}

TEST_F(LossTest, CrossEntropyMatchesHandComputation) {
  std::vector<float> logits = randomFloats(2 * 3 * 5, 81, -3.0f, 3.0f);
  std::vector<int64_t> labels = {4, 0, 2, 1, 3, 3};
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%l: tensor<2x3x5xf32> {tg.input = "logits"}, %y: tensor<2x3xi64> {tg.input = "labels"}) -> tensor<f32> {
      %0 = tg.cross_entropy %l, %y : (tensor<2x3x5xf32>, tensor<2x3xi64>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                  {f32(logits, {2, 3, 5}), i64(labels, {2, 3})});
  ASSERT_EQ(r.size(), 1u);
  double want = crossEntropyLoop(logits, labels, 5, std::nullopt);
  EXPECT_NEAR(r[0].floats[0], want, 1e-12 * want);
}

TEST_F(LossTest, CrossEntropyIgnoreIndexSkipsPositions) {
  std::vector<float> logits = randomFloats(4 * 6, 82, -3.0f, 3.0f);
  std::vector<int64_t> labels = {5, -100, 0, -100};
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%l: tensor<4x6xf32> {tg.input = "logits"}, %y: tensor<4xi32> {tg.input = "labels"}) -> tensor<f64> {
      %0 = tg.cross_entropy %l, %y {ignore_index = -100 : i64} : (tensor<4x6xf32>, tensor<4xi32>) -> tensor<f32>
      %1 = tg.cast %0 : (tensor<f32>) -> tensor<f64>
      return %1 : tensor<f64>
    })mlir",
                                  {f32(logits, {4, 6}), i32({5, -100, 0, -100}, {4})});
  ASSERT_EQ(r.size(), 1u);
  // Mean over the two kept positions only (divided by 2, not 4). The cast
  // to f32 and back rounds, hence the f32-level tolerance.
  double want = crossEntropyLoop(logits, labels, 6, -100);
  EXPECT_NEAR(r[0].floats[0], want, 1e-6 * want);
  double byHand = 0;
  for (int p : {0, 2}) {
    double z = 0;
    for (int c = 0; c < 6; ++c)
      z += std::exp(double(logits[p * 6 + c]));
    byHand += std::log(z) - logits[p * 6 + labels[p]];
  }
  EXPECT_NEAR(r[0].floats[0], byHand / 2, 1e-6 * want);
}

TEST_F(LossTest, CrossEntropyIgnoreIndexInFloat64) {
  std::vector<float> logits = randomFloats(3 * 4, 83, -3.0f, 3.0f);
  std::vector<int64_t> labels = {1, 0, 3};
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%l: tensor<3x4xf32> {tg.input = "logits"}, %y: tensor<3xi64> {tg.input = "labels"}) -> tensor<f32> {
      %0 = tg.cross_entropy %l, %y {ignore_index = 0 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                  {f32(logits, {3, 4}), i64(labels, {3})});
  ASSERT_EQ(r.size(), 1u);
  double want = crossEntropyLoop(logits, labels, 4, 0);
  EXPECT_NEAR(r[0].floats[0], want, 1e-12 * want);
}

TEST_F(LossTest, CrossEntropyAllIgnoredIsNaN) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%l: tensor<2x3xf32> {tg.input = "logits"}, %y: tensor<2xi64> {tg.input = "labels"}) -> tensor<f32> {
      %0 = tg.cross_entropy %l, %y {ignore_index = -100 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                  {f32(randomFloats(6, 84), {2, 3}), i64({-100, -100}, {2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(std::isnan(r[0].floats[0]));
}

TEST_F(LossTest, CrossEntropyLabelOutOfRangeIsAnError) {
  std::string error = errorOf(R"mlir(
    func.func @f(%l: tensor<2x3xf32> {tg.input = "logits"}, %y: tensor<2xi64> {tg.input = "labels"}) -> tensor<f32> {
      %0 = tg.cross_entropy %l, %y : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                              {f32(randomFloats(6, 85), {2, 3}), i64({1, 3}, {2})});
  EXPECT_NE(error.find("tg.cross_entropy"), std::string::npos) << error;
  EXPECT_NE(error.find("3"), std::string::npos) << error;
}

TEST_F(LossTest, MseByHandAndByLoop) {
  std::vector<RefValue> small = run64(R"mlir(
    func.func @f(%a: tensor<3xf32> {tg.input = "a"}, %b: tensor<3xf32> {tg.input = "b"}) -> tensor<f32> {
      %0 = tg.mse %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                      {f32({1, 2, 3}, {3}), f32({1, 0, 0}, {3})});
  ASSERT_EQ(small.size(), 1u);
  EXPECT_EQ(small[0].floats[0], 13.0 / 3.0);

  std::vector<float> a = randomFloats(32, 86), b = randomFloats(32, 87);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%a: tensor<4x8xf32> {tg.input = "a"}, %b: tensor<4x8xf32> {tg.input = "b"}) -> tensor<f32> {
      %0 = tg.mse %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir",
                                  {f32(a, {4, 8}), f32(b, {4, 8})});
  ASSERT_EQ(r.size(), 1u);
  double want = 0;
  for (int i = 0; i < 32; ++i)
    want += (double(a[i]) - double(b[i])) * (double(a[i]) - double(b[i]));
  want /= 32;
  EXPECT_NEAR(r[0].floats[0], want, 1e-12 * want);
}

} // namespace
} // namespace tgc::reference::testing
