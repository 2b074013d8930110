//===- MatmulTest.cpp - reference evaluation of tg.matmul -----------------===//
//
// tg.matmul against a naive triple loop written from its definition in
// ir/TgOps.td, for every transpose combination and broadcast batch
// dimensions, on seeded random inputs.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

namespace tgc::reference::testing {
namespace {

using MatmulTest = ReferenceTest;

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s;
}

TEST_F(MatmulTest, LinearLayerGivesKnownValues) {
  // y = x W + b with x = [1, 2, 3, 4], by hand:
  //   column 0: 1*0.1 + 2*0.4 + 3*0.7 + 4*1.0 + 0.1 = 7.0 + 0.1 = 7.1
  //   column 1: 1*0.2 + 2*0.5 + 3*0.8 + 4*1.1 + 0.2 = 8.0 + 0.2 = 8.2
  //   column 2: 1*0.3 + 2*0.6 + 3*0.9 + 4*1.2 + 0.3 = 9.0 + 0.3 = 9.3
  // The f32 inputs are not exactly 0.1 etc., hence the relative tolerance.
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<1x4xf32> {tg.input = "x"}, %w: tensor<4x3xf32> {tg.param = "w"}, %b: tensor<3xf32> {tg.param = "b"}) -> tensor<1x3xf32> {
      %0 = tg.matmul %x, %w : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
      %1 = tg.add %0, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
      return %1 : tensor<1x3xf32>
    })mlir",
                              {f32({1, 2, 3, 4}, {1, 4}),
                               f32({0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 1.1f, 1.2f}, {4, 3}),
                               f32({0.1f, 0.2f, 0.3f}, {3})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].shape(), (std::vector<int64_t>{1, 3}));
  std::vector<float> y = elements<float>(r[0]);
  std::vector<double> want = {7.1, 8.2, 9.3};
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(y[j], want[j], 1e-6 * want[j]) << "column " << j;
}

TEST_F(MatmulTest, IntegerMatmulIsExact) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%a: tensor<2x3xi64> {tg.input = "a"}, %b: tensor<3x2xi64> {tg.input = "b"}) -> tensor<2x2xi64> {
      %0 = tg.matmul %a, %b : (tensor<2x3xi64>, tensor<3x2xi64>) -> tensor<2x2xi64>
      return %0 : tensor<2x2xi64>
    })mlir",
                              {i64({1, 2, 3, 4, 5, 6}, {2, 3}), i64({7, 8, 9, 10, 11, 12}, {3, 2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{58, 64, 139, 154}));
}

struct TransposeCase {
  bool transposeA, transposeB;
};

class MatmulTransposeTest : public ReferenceTest,
                            public ::testing::WithParamInterface<TransposeCase> {};

TEST_P(MatmulTransposeTest, MatchesNaiveLoop) {
  const int64_t M = 3, K = 4, N = 5;
  bool ta = GetParam().transposeA, tb = GetParam().transposeB;
  std::vector<int64_t> aShape = ta ? std::vector<int64_t>{K, M} : std::vector<int64_t>{M, K};
  std::vector<int64_t> bShape = tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N};
  std::vector<float> a = randomFloats(M * K, 11), b = randomFloats(K * N, 12);
  std::string ir = "func.func @f(%a: tensor<" + shapeText(aShape) +
                   "f32> {tg.input = \"a\"}, %b: tensor<" + shapeText(bShape) +
                   "f32> {tg.input = \"b\"}) -> tensor<3x5xf32> {\n"
                   "  %0 = tg.matmul %a, %b {transpose_a = " +
                   (ta ? "true" : "false") + ", transpose_b = " + (tb ? "true" : "false") +
                   "} : (tensor<" + shapeText(aShape) + "f32>, tensor<" +
                   shapeText(bShape) + "f32>) -> tensor<3x5xf32>\n"
                   "  return %0 : tensor<3x5xf32>\n}\n";
  std::vector<RefValue> r = run64(ir, {f32(a, aShape), f32(b, bShape)});
  ASSERT_EQ(r.size(), 1u);
  std::vector<double> want(M * N, 0.0);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double sum = 0;
      for (int64_t k = 0; k < K; ++k) {
        double av = ta ? a[k * M + m] : a[m * K + k];
        double bv = tb ? b[n * K + k] : b[k * N + n];
        sum += av * bv;
      }
      want[m * N + n] = sum;
    }
  EXPECT_REL_NEAR(r[0].floats, want, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(AllTransposes, MatmulTransposeTest,
                         ::testing::Values(TransposeCase{false, false},
                                           TransposeCase{true, false},
                                           TransposeCase{false, true},
                                           TransposeCase{true, true}),
                         [](const ::testing::TestParamInfo<TransposeCase> &info) {
                           return std::string(info.param.transposeA ? "TA" : "A") +
                                  (info.param.transposeB ? "_TB" : "_B");
                         });

TEST_F(MatmulTest, BroadcastBatchDimensionsMatchNaiveLoop) {
  // [2,1,3,4] x [5,4,2] -> [2,5,3,2]: lhs batch [2,1] and rhs batch [5]
  // broadcast to [2,5].
  std::vector<float> a = randomFloats(2 * 1 * 3 * 4, 21), b = randomFloats(5 * 4 * 2, 22);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%a: tensor<2x1x3x4xf32> {tg.input = "a"}, %b: tensor<5x4x2xf32> {tg.input = "b"}) -> tensor<2x5x3x2xf32> {
      %0 = tg.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x2xf32>) -> tensor<2x5x3x2xf32>
      return %0 : tensor<2x5x3x2xf32>
    })mlir",
                                  {f32(a, {2, 1, 3, 4}), f32(b, {5, 4, 2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(shapeOf(r[0]), (std::vector<int64_t>{2, 5, 3, 2}));
  std::vector<double> want(2 * 5 * 3 * 2);
  for (int p = 0; p < 2; ++p)
    for (int q = 0; q < 5; ++q)
      for (int m = 0; m < 3; ++m)
        for (int n = 0; n < 2; ++n) {
          double sum = 0;
          for (int k = 0; k < 4; ++k)
            sum += double(a[(p * 3 + m) * 4 + k]) * double(b[(q * 4 + k) * 2 + n]);
          want[((p * 5 + q) * 3 + m) * 2 + n] = sum;
        }
  EXPECT_REL_NEAR(r[0].floats, want, 1e-12);
}

TEST_F(MatmulTest, Rank2LhsBroadcastsAgainstBatchedTransposedRhs) {
  // [3,4] x [2,5,4]^T -> [2,3,5]: the rank-2 lhs is shared by every batch.
  std::vector<float> a = randomFloats(12, 31), b = randomFloats(40, 32);
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%a: tensor<3x4xf32> {tg.input = "a"}, %b: tensor<2x5x4xf32> {tg.input = "b"}) -> tensor<2x3x5xf32> {
      %0 = tg.matmul %a, %b {transpose_b = true} : (tensor<3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x3x5xf32>
      return %0 : tensor<2x3x5xf32>
    })mlir",
                                  {f32(a, {3, 4}), f32(b, {2, 5, 4})});
  ASSERT_EQ(r.size(), 1u);
  std::vector<double> want(30);
  for (int q = 0; q < 2; ++q)
    for (int m = 0; m < 3; ++m)
      for (int n = 0; n < 5; ++n) {
        double sum = 0;
        for (int k = 0; k < 4; ++k)
          sum += double(a[m * 4 + k]) * double(b[(q * 5 + n) * 4 + k]);
        want[(q * 3 + m) * 5 + n] = sum;
      }
  EXPECT_REL_NEAR(r[0].floats, want, 1e-12);
}

} // namespace
} // namespace tgc::reference::testing
