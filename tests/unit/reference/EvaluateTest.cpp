//===- EvaluateTest.cpp - the reference backend's entry points ------------===//
//
// The float64 rule (intermediates are held in double, only results are cast
// to their declared types) and argument checking.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

namespace tgc::reference::testing {
namespace {

using EvaluateTest = ReferenceTest;

TEST_F(EvaluateTest, Float64IntermediatesDoNotRoundToF32) {
  // (x + 1e8) - 1e8 with x = 1: in f32 the sum rounds to 1e8 (the f32
  // spacing there is 8) and the result is 0; the reference holds the sum in
  // double, so the result is exactly 1 (ARCHITECTURE.md, Numerics).
  const char *ir = R"mlir(
    func.func @f(%x: tensor<f32> {tg.input = "x"}) -> tensor<f32> {
      %big = tg.constant dense<1.0e8> : tensor<f32>
      %0 = tg.add %x, %big : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %1 = tg.sub %0, %big : (tensor<f32>, tensor<f32>) -> tensor<f32>
      return %1 : tensor<f32>
    })mlir";
  volatile float one = 1.0f, big = 1.0e8f;
  float sumF32 = one + big;
  ASSERT_EQ(sumF32 - big, 0.0f) << "f32 arithmetic would lose the 1";

  std::vector<RefValue> r64 = run64(ir, {f32({1.0f}, {})});
  ASSERT_EQ(r64.size(), 1u);
  EXPECT_EQ(r64[0].floats[0], 1.0);
  std::vector<Tensor> r = run(ir, {f32({1.0f}, {})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(elements<float>(r[0])[0], 1.0f);
}

TEST_F(EvaluateTest, ResultsAreCastToDeclaredTypes) {
  // 1/3 is held in double; evaluate rounds it once to the declared type.
  const char *ir = R"mlir(
    func.func @f(%a: tensor<f32> {tg.input = "a"}, %b: tensor<f32> {tg.input = "b"}) -> tensor<f32> {
      %0 = tg.div %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
      return %0 : tensor<f32>
    })mlir";
  std::vector<RefValue> r64 = run64(ir, {f32({1}, {}), f32({3}, {})});
  ASSERT_EQ(r64.size(), 1u);
  EXPECT_EQ(r64[0].floats[0], 1.0 / 3.0);
  std::vector<Tensor> r = run(ir, {f32({1}, {}), f32({3}, {})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].dtype(), DType::F32);
  EXPECT_EQ(r[0].shape(), (std::vector<int64_t>{}));
  EXPECT_EQ(elements<float>(r[0])[0], 1.0f / 3.0f);
}

TEST_F(EvaluateTest, F16ResultRoundsOnceFromDouble) {
  // x = 1 + 2^-11 + 2^-30 in f64 is just above the midpoint of two f16
  // values, so it rounds up to 1 + 2^-10 (0x3C01). Rounding through f32
  // first would drop 2^-30, land on the midpoint and round to even (1.0).
  std::vector<Tensor> r = run(R"mlir(
    func.func @f(%x: tensor<f64> {tg.input = "x"}) -> tensor<f16> {
      %0 = tg.cast %x : (tensor<f64>) -> tensor<f16>
      return %0 : tensor<f16>
    })mlir",
                              {f64({1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -30)}, {})});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(elements<uint16_t>(r[0])[0], 0x3C01);
}

TEST_F(EvaluateTest, WrongArgumentShapeIsAnErrorNamingTheArgument) {
  const char *ir = R"mlir(
    func.func @f(%x: tensor<2x3xf32> {tg.input = "tokens"}, %w: tensor<3xf32> {tg.param = "weight"}) -> tensor<2x3xf32> {
      %0 = tg.add %x, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    })mlir";
  std::string error = errorOf(ir, {f32(randomFloats(6, 1), {3, 2}), f32({1, 2, 3}, {3})});
  EXPECT_NE(error.find("tokens"), std::string::npos) << error;
  EXPECT_NE(error.find("3x2"), std::string::npos) << error;
  EXPECT_NE(error.find("2x3"), std::string::npos) << error;

  error = errorOf(ir, {f32(randomFloats(6, 1), {2, 3}), f32({1, 2, 3, 4}, {4})});
  EXPECT_NE(error.find("weight"), std::string::npos) << error;
}

TEST_F(EvaluateTest, WrongArgumentDtypeIsAnErrorNamingTheArgument) {
  const char *ir = R"mlir(
    func.func @f(%x: tensor<3xf32> {tg.input = "x"}, %i: tensor<3xi64> {tg.input = "ids"}) -> tensor<3xf32> {
      return %x : tensor<3xf32>
    })mlir";
  std::string error = errorOf(ir, {f64({1, 2, 3}, {3}), i64({1, 2, 3}, {3})});
  EXPECT_NE(error.find("'x'"), std::string::npos) << error;
  EXPECT_NE(error.find("f64"), std::string::npos) << error;
  EXPECT_NE(error.find("f32"), std::string::npos) << error;

  error = errorOf(ir, {f32({1, 2, 3}, {3}), i32({1, 2, 3}, {3})});
  EXPECT_NE(error.find("ids"), std::string::npos) << error;
  EXPECT_NE(error.find("i32"), std::string::npos) << error;
}

TEST_F(EvaluateTest, WrongArgumentCountIsAnError) {
  std::string error = errorOf(R"mlir(
    func.func @f(%x: tensor<3xf32> {tg.input = "x"}) -> tensor<3xf32> {
      return %x : tensor<3xf32>
    })mlir",
                              {});
  EXPECT_NE(error.find("@f"), std::string::npos) << error;
}

TEST_F(EvaluateTest, UnnamedArgumentIsAnError) {
  std::string error = errorOf(R"mlir(
    func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
      return %x : tensor<3xf32>
    })mlir",
                              {f32({1, 2, 3}, {3})});
  EXPECT_NE(error.find("argument #0"), std::string::npos) << error;
}

TEST_F(EvaluateTest, ResultsComeInReturnOrderAndMayRepeat) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%a: tensor<2xf32> {tg.input = "a"}, %b: tensor<2xf32> {tg.input = "b"}) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
      %0 = tg.sub %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      return %b, %0, %b : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
    })mlir",
                                  {f32({5, 7}, {2}), f32({1, 2}, {2})});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].floats, (std::vector<double>{1, 2}));
  EXPECT_EQ(r[1].floats, (std::vector<double>{4, 5}));
  EXPECT_EQ(r[2].floats, (std::vector<double>{1, 2}));
}

TEST_F(EvaluateTest, OneOpOnGivenOperands) {
  // The sub alone, on operands a backend computed in f32 (1e8 + 1 is 1e8
  // there): what that op makes of exactly those inputs, not the program's
  // float64 value.
  mlir::OwningOpRef<mlir::ModuleOp> module = parse(R"mlir(
    func.func @f(%x: tensor<2xf32> {tg.input = "x"}, %y: tensor<f32> {tg.input = "y"}) -> tensor<2xf32> {
      %0 = tg.sub %x, %y : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
      return %0 : tensor<2xf32>
    })mlir");
  ASSERT_TRUE(module);
  mlir::Operation *sub = &firstFunction(*module).getBody().front().front();
  absl::StatusOr<std::vector<RefValue>> r =
      evaluateOpInFloat64(sub, {f32({1.0e8f, 3.5f}, {2}), f32({1.0e8f}, {})});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].floats, (std::vector<double>{0.0, 3.5 - 1.0e8}));

  r = evaluateOpInFloat64(sub, {f32({1, 2, 3}, {3}), f32({1}, {})});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tg.sub"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("operand 0"), std::string::npos) << r.status();
  r = evaluateOpInFloat64(sub, {f32({1, 2}, {2})});
  EXPECT_FALSE(r.ok());
}

} // namespace
} // namespace tgc::reference::testing
