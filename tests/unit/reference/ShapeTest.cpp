//===- ShapeTest.cpp - reference evaluation of data-movement ops ----------===//
//
// constant, reshape, transpose, concat, slice, gather, broadcast_to, iota
// and one_hot, against index arithmetic written in the tests.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

namespace tgc::reference::testing {
namespace {

using ShapeTest = ReferenceTest;

/// 0, 1, 2, ... as floats: every element tells where it came from.
std::vector<float> iotaFloats(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i)
    v[i] = static_cast<float>(i);
  return v;
}

TEST_F(ShapeTest, ConstantsOfEveryKind) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f() -> (tensor<2xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x2xf16>, tensor<i32>) {
      %0 = tg.constant dense<[1.0, 2.5]> : tensor<2xf32>
      %1 = tg.constant dense<[[1, 2], [3, -4]]> : tensor<2x2xi64>
      %2 = tg.constant dense<[true, false, true]> : tensor<3xi1>
      %3 = tg.constant dense<0.5> : tensor<2x2xf16>
      %4 = tg.constant dense<-7> : tensor<i32>
      return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x2xf16>, tensor<i32>
    })mlir");
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(elements<float>(r[0]), (std::vector<float>{1.0f, 2.5f}));
  EXPECT_EQ(elements<int64_t>(r[1]), (std::vector<int64_t>{1, 2, 3, -4}));
  EXPECT_EQ(elements<uint8_t>(r[2]), (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ(elements<uint16_t>(r[3]), (std::vector<uint16_t>(4, 0x3800))); // 0.5 in f16
  EXPECT_EQ(r[4].shape(), (std::vector<int64_t>{}));
  EXPECT_EQ(elements<int32_t>(r[4]), (std::vector<int32_t>{-7}));
}

TEST_F(ShapeTest, ReshapeKeepsRowMajorOrder) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<3x2xf32>, tensor<6xf32>) {
      %0 = tg.reshape %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
      %1 = tg.reshape %0 : (tensor<3x2xf32>) -> tensor<6xf32>
      return %0, %1 : tensor<3x2xf32>, tensor<6xf32>
    })mlir",
                                  {f32(iotaFloats(6), {2, 3})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(shapeOf(r[0]), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(r[0].floats, (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(r[1].floats, (std::vector<double>{0, 1, 2, 3, 4, 5}));
}

TEST_F(ShapeTest, TransposeMatchesIndexLoop) {
  // x [2,3,4] with permutation (2, 0, 1): result[a,b,c] = x[b,c,a].
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<2x3x4xf32> {tg.input = "x"}) -> (tensor<4x2x3xf32>, tensor<2x4x3xf32>) {
      %0 = tg.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
      %1 = tg.transpose %x {permutation = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
      return %0, %1 : tensor<4x2x3xf32>, tensor<2x4x3xf32>
    })mlir",
                                  {f32(iotaFloats(24), {2, 3, 4})});
  ASSERT_EQ(r.size(), 2u);
  std::vector<double> want0, want1;
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 3; ++c)
        want0.push_back((b * 3 + c) * 4 + a);
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 4; ++b)
      for (int c = 0; c < 3; ++c)
        want1.push_back((a * 3 + c) * 4 + b);
  EXPECT_EQ(r[0].floats, want0);
  EXPECT_EQ(r[1].floats, want1);
}

TEST_F(ShapeTest, ConcatThreeInputsAlongAxisOne) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%a: tensor<2x1xf32> {tg.input = "a"}, %b: tensor<2x3xf32> {tg.input = "b"}, %c: tensor<2x2xf32> {tg.input = "c"}) -> tensor<2x6xf32> {
      %0 = tg.concat %a, %b, %c {axis = 1 : i64} : (tensor<2x1xf32>, tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
      return %0 : tensor<2x6xf32>
    })mlir",
                                  {f32({1, 2}, {2, 1}), f32({10, 11, 12, 20, 21, 22}, {2, 3}),
                                   f32({100, 101, 200, 201}, {2, 2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].floats,
            (std::vector<double>{1, 10, 11, 12, 100, 101, 2, 20, 21, 22, 200, 201}));
}

TEST_F(ShapeTest, ConcatIntegersAlongNegativeAxis) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%a: tensor<1x2xi64> {tg.input = "a"}, %b: tensor<2x2xi64> {tg.input = "b"}) -> tensor<3x2xi64> {
      %0 = tg.concat %a, %b {axis = -2 : i64} : (tensor<1x2xi64>, tensor<2x2xi64>) -> tensor<3x2xi64>
      return %0 : tensor<3x2xi64>
    })mlir",
                              {i64({1, 2}, {1, 2}), i64({3, 4, 5, 6}, {2, 2})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(ShapeTest, SliceWithStrides) {
  // x [3,8] = 0..23; rows 0..3 step 2, columns 1..8 step 3 -> rows {0,2},
  // columns {1,4,7}.
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<3x8xf32> {tg.input = "x"}) -> (tensor<2x3xf32>, tensor<3x6xf32>) {
      %0 = tg.slice %x {start = array<i64: 0, 1>, limit = array<i64: 3, 8>, strides = array<i64: 2, 3>} : (tensor<3x8xf32>) -> tensor<2x3xf32>
      %1 = tg.slice %x {start = array<i64: 0, 2>, limit = array<i64: 3, 8>} : (tensor<3x8xf32>) -> tensor<3x6xf32>
      return %0, %1 : tensor<2x3xf32>, tensor<3x6xf32>
    })mlir",
                                  {f32(iotaFloats(24), {3, 8})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].floats, (std::vector<double>{1, 4, 7, 17, 20, 23}));
  std::vector<double> want1;
  for (int i = 0; i < 3; ++i)
    for (int j = 2; j < 8; ++j)
      want1.push_back(i * 8 + j);
  EXPECT_EQ(r[1].floats, want1);
}

TEST_F(ShapeTest, GatherAlongAxisZeroAndOne) {
  // table [4,3] = 0..11.
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%t: tensor<4x3xf32> {tg.param = "table"}, %i: tensor<2x2xi64> {tg.input = "i"}, %j: tensor<3xi32> {tg.input = "j"})
        -> (tensor<2x2x3xf32>, tensor<4x3xf32>, tensor<3x3xf32>) {
      %0 = tg.gather %t, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
      %1 = tg.gather %t, %j {axis = 1 : i64} : (tensor<4x3xf32>, tensor<3xi32>) -> tensor<4x3xf32>
      %2 = tg.gather %t, %j : (tensor<4x3xf32>, tensor<3xi32>) -> tensor<3x3xf32>
      return %0, %1, %2 : tensor<2x2x3xf32>, tensor<4x3xf32>, tensor<3x3xf32>
    })mlir",
                                  {f32(iotaFloats(12), {4, 3}), i64({3, 0, 1, 3}, {2, 2}),
                                   i32({2, 2, 0}, {3})});
  ASSERT_EQ(r.size(), 3u);
  std::vector<int64_t> idx = {3, 0, 1, 3};
  std::vector<int> jdx = {2, 2, 0};
  std::vector<double> want0, want1, want2;
  for (int64_t row : idx)
    for (int c = 0; c < 3; ++c)
      want0.push_back(row * 3 + c);
  for (int row = 0; row < 4; ++row)
    for (int col : jdx)
      want1.push_back(row * 3 + col);
  for (int row : jdx)
    for (int c = 0; c < 3; ++c)
      want2.push_back(row * 3 + c);
  EXPECT_EQ(shapeOf(r[0]), (std::vector<int64_t>{2, 2, 3}));
  EXPECT_EQ(r[0].floats, want0);
  EXPECT_EQ(r[1].floats, want1);
  EXPECT_EQ(r[2].floats, want2);
}

TEST_F(ShapeTest, GatherIndexOutOfRangeIsAnErrorNamingOpAndIndex) {
  const char *ir = R"mlir(
    func.func @f(%t: tensor<4x3xf32> {tg.param = "table"}, %i: tensor<3xi64> {tg.input = "i"}) -> tensor<3x3xf32> {
      %0 = tg.gather %t, %i : (tensor<4x3xf32>, tensor<3xi64>) -> tensor<3x3xf32>
      return %0 : tensor<3x3xf32>
    })mlir";
  std::string error = errorOf(ir, {f32(iotaFloats(12), {4, 3}), i64({1, 7, 0}, {3})});
  EXPECT_NE(error.find("tg.gather"), std::string::npos) << error;
  EXPECT_NE(error.find("7"), std::string::npos) << error;
  error = errorOf(ir, {f32(iotaFloats(12), {4, 3}), i64({0, 1, -1}, {3})});
  EXPECT_NE(error.find("tg.gather"), std::string::npos) << error;
  EXPECT_NE(error.find("-1"), std::string::npos) << error;
}

TEST_F(ShapeTest, BroadcastToFollowsNumPy) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<3x1xf32> {tg.input = "x"}, %s: tensor<i64> {tg.input = "s"}) -> (tensor<2x3x4xf32>, tensor<2x2xi64>) {
      %0 = tg.broadcast_to %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
      %1 = tg.broadcast_to %s : (tensor<i64>) -> tensor<2x2xi64>
      return %0, %1 : tensor<2x3x4xf32>, tensor<2x2xi64>
    })mlir",
                              {f32({1, 2, 3}, {3, 1}), i64({9}, {})});
  ASSERT_EQ(r.size(), 2u);
  std::vector<float> want0;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c)
        want0.push_back(float(b + 1));
  EXPECT_EQ(elements<float>(r[0]), want0);
  EXPECT_EQ(elements<int64_t>(r[1]), (std::vector<int64_t>(4, 9)));
}

TEST_F(ShapeTest, IotaAlongEachDimension) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f() -> (tensor<2x3xi64>, tensor<2x3xf32>, tensor<4xi32>) {
      %0 = tg.iota {dimension = 1 : i64} : tensor<2x3xi64>
      %1 = tg.iota {dimension = 0 : i64} : tensor<2x3xf32>
      %2 = tg.iota {dimension = 0 : i64} : tensor<4xi32>
      return %0, %1, %2 : tensor<2x3xi64>, tensor<2x3xf32>, tensor<4xi32>
    })mlir");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(elements<int64_t>(r[0]), (std::vector<int64_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(elements<float>(r[1]), (std::vector<float>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(elements<int32_t>(r[2]), (std::vector<int32_t>{0, 1, 2, 3}));
}

TEST_F(ShapeTest, OneHotWithOutOfRangeIndexGivesZeroRow) {
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%l: tensor<5xi64> {tg.input = "labels"}, %m: tensor<2x1xi32> {tg.input = "m"}) -> (tensor<5x3xf32>, tensor<2x1x2xi1>) {
      %0 = tg.one_hot %l {depth = 3 : i64} : (tensor<5xi64>) -> tensor<5x3xf32>
      %1 = tg.one_hot %m {depth = 2 : i64} : (tensor<2x1xi32>) -> tensor<2x1x2xi1>
      return %0, %1 : tensor<5x3xf32>, tensor<2x1x2xi1>
    })mlir",
                              {i64({0, 2, 3, -1, 1}, {5}), i32({1, 0}, {2, 1})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(elements<float>(r[0]),
            (std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
  EXPECT_EQ(r[1].shape(), (std::vector<int64_t>{2, 1, 2}));
  EXPECT_EQ(elements<uint8_t>(r[1]), (std::vector<uint8_t>{0, 1, 1, 0}));
}

} // namespace
} // namespace tgc::reference::testing
