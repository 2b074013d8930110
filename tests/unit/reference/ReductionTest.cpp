//===- ReductionTest.cpp - reference evaluation of reductions -------------===//
//
// reduce_sum/mean/max/min over several axes, with and without keepdims and
// with negative axes, against hand loops; argmax/argmin tie and NaN rules.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <algorithm>
#include <limits>

namespace tgc::reference::testing {
namespace {

using ReductionTest = ReferenceTest;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST_F(ReductionTest, ReduceOverSeveralAxesWithAndWithoutKeepdims) {
  // x has shape [2,3,4]; element (i,j,k) at (i*3 + j)*4 + k.
  std::vector<float> x = randomFloats(24, 41, -3.0f, 3.0f);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3x4xf32> {tg.input = "x"})
        -> (tensor<3xf32>, tensor<1x3x1xf32>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3x1xf32>, tensor<f32>) {
      %0 = tg.reduce_sum %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
      %1 = tg.reduce_sum %x {axes = array<i64: 0, -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
      %2 = tg.reduce_mean %x {axes = array<i64: -1, 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
      %3 = tg.reduce_max %x {axes = array<i64: 0, -1>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
      %4 = tg.reduce_min %x {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
      %5 = tg.reduce_mean %x {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
      return %0, %1, %2, %3, %4, %5 : tensor<3xf32>, tensor<1x3x1xf32>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3x1xf32>, tensor<f32>
    })mlir",
                                  {f32(x, {2, 3, 4})});
  ASSERT_EQ(r.size(), 6u);
  auto at = [&](int i, int j, int k) { return double(x[(i * 3 + j) * 4 + k]); };

  std::vector<double> sum02(3, 0.0), max02(3, -INFINITY);
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 4; ++k) {
        sum02[j] += at(i, j, k);
        max02[j] = std::max(max02[j], at(i, j, k));
      }
  std::vector<double> mean12(2, 0.0);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        mean12[i] += at(i, j, k);
    mean12[i] /= 12.0;
  }
  std::vector<double> min2(6, INFINITY);
  double meanAll = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) {
        min2[i * 3 + j] = std::min(min2[i * 3 + j], at(i, j, k));
        meanAll += at(i, j, k) / 24.0;
      }

  EXPECT_EQ(shapeOf(r[0]), (std::vector<int64_t>{3}));
  EXPECT_REL_NEAR(r[0].floats, sum02, 1e-12);
  EXPECT_EQ(shapeOf(r[1]), (std::vector<int64_t>{1, 3, 1}));
  EXPECT_REL_NEAR(r[1].floats, sum02, 1e-12);
  EXPECT_EQ(shapeOf(r[2]), (std::vector<int64_t>{2, 1, 1}));
  EXPECT_REL_NEAR(r[2].floats, mean12, 1e-12);
  EXPECT_EQ(r[3].floats, max02); // max and min are exact
  EXPECT_EQ(shapeOf(r[4]), (std::vector<int64_t>{2, 3, 1}));
  EXPECT_EQ(r[4].floats, min2);
  EXPECT_EQ(shapeOf(r[5]), (std::vector<int64_t>{}));
  EXPECT_NEAR(r[5].floats[0], meanAll, 1e-12 * std::fabs(meanAll) + 1e-15);
}

TEST_F(ReductionTest, ReduceSumByHand) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<2xf32>, tensor<1x3xf32>, tensor<2xf32>) {
      %0 = tg.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
      %1 = tg.reduce_sum %x {axes = array<i64: -2>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x3xf32>
      %2 = tg.reduce_mean %x {axes = array<i64: -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
      return %0, %1, %2 : tensor<2xf32>, tensor<1x3xf32>, tensor<2xf32>
    })mlir",
                                  {f32({1, 2, 3, 4, 5, 6}, {2, 3})});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].floats, (std::vector<double>{6, 15}));
  EXPECT_EQ(r[1].floats, (std::vector<double>{5, 7, 9}));
  EXPECT_EQ(r[2].floats, (std::vector<double>{2, 5}));
}

TEST_F(ReductionTest, ReduceMaxMinPropagateNaN) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<2xf32>, tensor<2xf32>) {
      %0 = tg.reduce_max %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
      %1 = tg.reduce_min %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
      return %0, %1 : tensor<2xf32>, tensor<2xf32>
    })mlir",
                                  {f32({1, kNaN, 3, -1, -5, 2}, {2, 3})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(std::isnan(r[0].floats[0]));
  EXPECT_EQ(r[0].floats[1], 2.0);
  EXPECT_TRUE(std::isnan(r[1].floats[0]));
  EXPECT_EQ(r[1].floats[1], -5.0);
}

TEST_F(ReductionTest, IntegerReductions) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<2x3xi32> {tg.input = "x"}) -> (tensor<i32>, tensor<1x3xi32>, tensor<2xi32>) {
      %0 = tg.reduce_sum %x {axes = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<i32>
      %1 = tg.reduce_max %x {axes = array<i64: -2>, keepdims = true} : (tensor<2x3xi32>) -> tensor<1x3xi32>
      %2 = tg.reduce_min %x {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
      return %0, %1, %2 : tensor<i32>, tensor<1x3xi32>, tensor<2xi32>
    })mlir",
                              {i32({4, -7, 2, 9, 0, -1}, {2, 3})});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(elements<int32_t>(r[0]), (std::vector<int32_t>{7}));
  EXPECT_EQ(elements<int32_t>(r[1]), (std::vector<int32_t>{9, 0, 2}));
  EXPECT_EQ(elements<int32_t>(r[2]), (std::vector<int32_t>{-7, -1}));
}

TEST_F(ReductionTest, ArgmaxArgminTiesGiveSmallestIndex) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<2xi64>, tensor<2xi64>, tensor<1x3xi64>, tensor<3xi64>) {
      %0 = tg.argmax %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
      %1 = tg.argmin %x {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
      %2 = tg.argmax %x {axis = 0 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x3xi64>
      %3 = tg.argmin %x {axis = -2 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
      return %0, %1, %2, %3 : tensor<2xi64>, tensor<2xi64>, tensor<1x3xi64>, tensor<3xi64>
    })mlir",
                              {f32({1, 3, 3, 2, 2, 1}, {2, 3})});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(elements<int64_t>(r[1]), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(r[2].shape(), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(elements<int64_t>(r[2]), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(elements<int64_t>(r[3]), (std::vector<int64_t>{0, 1, 1}));
}

TEST_F(ReductionTest, ArgReduceOnIntegersAndAllEqual) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<3x4xi32> {tg.input = "x"}) -> (tensor<3xi64>, tensor<3x1xi64>) {
      %0 = tg.argmax %x {axis = 1 : i64} : (tensor<3x4xi32>) -> tensor<3xi64>
      %1 = tg.argmin %x {axis = 1 : i64, keepdims = true} : (tensor<3x4xi32>) -> tensor<3x1xi64>
      return %0, %1 : tensor<3xi64>, tensor<3x1xi64>
    })mlir",
                              {i32({5, 5, 5, 5, -1, 7, 7, -1, 0, -3, 8, -3}, {3, 4})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(elements<int64_t>(r[1]), (std::vector<int64_t>{0, 0, 1}));
}

TEST_F(ReductionTest, ArgReduceFirstNaNWins) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<2x4xf32> {tg.input = "x"}) -> (tensor<2xi64>, tensor<2xi64>) {
      %0 = tg.argmax %x {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2xi64>
      %1 = tg.argmin %x {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2xi64>
      return %0, %1 : tensor<2xi64>, tensor<2xi64>
    })mlir",
                              {f32({1, kNaN, 5, kNaN, kNaN, 9, -9, 0}, {2, 4})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(elements<int64_t>(r[1]), (std::vector<int64_t>{1, 0}));
}

} // namespace
} // namespace tgc::reference::testing
