//===- GraphBuilderTest.cpp - building tg functions from C++ --------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "frontend/models/Positions.h"
#include "ir/ProgramSignature.h"

#include "mlir/IR/MLIRContext.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace tgc::frontend {
namespace {

using testing::HasSubstr;

TEST(GraphBuilder, BuildsANamedFunctionThatRuns) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value x = b.input("x", {1, 2});
  Value w = b.param("fc.weight", {3, 2});
  Value bias = b.param("fc.bias", {3});
  b.output("y", b.relu(b.linear(x, w, bias)));
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  ASSERT_TRUE(module.ok()) << module.status();

  auto fn = *(*module)->getOps<mlir::func::FuncOp>().begin();
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  ASSERT_TRUE(signature.ok()) << signature.status();
  ASSERT_EQ(signature->arguments.size(), 3u);
  EXPECT_EQ(signature->arguments[1].tensor.name, "fc.weight");
  EXPECT_EQ(signature->arguments[1].kind, ArgumentKind::Param);
  EXPECT_EQ(signature->results[0].name, "y");

  // y = relu(x · Wᵀ + b) with x = [1, 2], W = [[1, 0], [0, 1], [1, -1]],
  // b = [0.5, -3, 0]: [1.5, 0, 0] (the last two clipped by relu).
  float xs[] = {1, 2}, ws[] = {1, 0, 0, 1, 1, -1}, bs[] = {0.5f, -3, 0};
  std::vector<Tensor> args = {Tensor::borrow(DType::F32, {1, 2}, xs),
                              Tensor::borrow(DType::F32, {3, 2}, ws),
                              Tensor::borrow(DType::F32, {3}, bs)};
  absl::StatusOr<std::vector<Tensor>> out = reference::evaluate(fn, args);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].dataAs<float>()[0], 1.5f);
  EXPECT_EQ((*out)[0].dataAs<float>()[1], 0.0f);
  EXPECT_EQ((*out)[0].dataAs<float>()[2], 0.0f);
}

TEST(GraphBuilder, ShapeErrorNamesTheCallScopeAndShapes) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value x = b.input("x", {2, 4});
  Value w = b.param("w", {3, 5});
  Value y;
  {
    auto scope = b.scope("encoder");
    auto inner = b.scope("layers.0");
    y = b.matmul(x, w);
  }
  EXPECT_FALSE(y);
  EXPECT_FALSE(b.status().ok());
  EXPECT_THAT(std::string(b.status().message()),
              HasSubstr("GraphBuilder::matmul in 'encoder.layers.0': 'tg.matmul' "
                        "op contracted dimensions differ: lhs 'tensor<2x4xf32>' "
                        "has K = 4 but rhs 'tensor<3x5xf32>' has K = 3"));
  // Later calls are no-ops and finish() reports the first error.
  EXPECT_FALSE(b.relu(y));
  b.output("y", y);
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  ASSERT_FALSE(module.ok());
  EXPECT_THAT(std::string(module.status().message()),
              HasSubstr("GraphBuilder::matmul"));
}

TEST(GraphBuilder, ExplicitResultShapesAreCheckedToo) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value x = b.input("x", {2, 3});
  EXPECT_FALSE(b.reshape(x, {5}));
  EXPECT_THAT(std::string(b.status().message()),
              HasSubstr("GraphBuilder::reshape: 'tg.reshape' op cannot reshape "
                        "'tensor<2x3xf32>' (6 elements) to 'tensor<5xf32>'"));
}

TEST(GraphBuilder, RejectsDuplicateNames) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  b.param("w", {2});
  EXPECT_FALSE(b.input("w", {2}));
  EXPECT_THAT(std::string(b.status().message()),
              HasSubstr("the argument name 'w' is used twice"));
}

TEST(GraphBuilder, ScopesBecomeLocations) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value x = b.input("x", {2});
  Value y;
  {
    auto scope = b.scope("decoder");
    auto inner = b.scope("norm1");
    y = b.exp(x);
  }
  b.output("y", y);
  auto module = b.finish();
  ASSERT_TRUE(module.ok());
  std::string text;
  llvm::raw_string_ostream os(text);
  mlir::OpPrintingFlags flags;
  flags.enableDebugInfo();
  (*module)->print(os, flags);
  EXPECT_THAT(text, HasSubstr("tg.exp"));
  EXPECT_THAT(text, HasSubstr("loc(\"decoder.norm1\")"));
}

// Closed form for d_model = 4: PE(pos) = [sin pos, cos pos, sin(pos/100), cos(pos/100)].
TEST(Positions, SinusoidalMatchesClosedForm) {
  std::vector<double> table = sinusoidalPositionTable(6, 4);
  for (int pos = 0; pos < 6; ++pos) {
    EXPECT_DOUBLE_EQ(table[pos * 4 + 0], std::sin(pos));
    EXPECT_DOUBLE_EQ(table[pos * 4 + 1], std::cos(pos));
    EXPECT_DOUBLE_EQ(table[pos * 4 + 2], std::sin(pos / 100.0));
    EXPECT_DOUBLE_EQ(table[pos * 4 + 3], std::cos(pos / 100.0));
  }
}

} // namespace
} // namespace tgc::frontend
