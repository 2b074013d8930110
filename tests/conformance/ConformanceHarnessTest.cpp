//===- ConformanceHarnessTest.cpp - the harness catches what it must ------===//
//
// A harness that passes everything proves nothing: these cases break a
// backend on purpose (the oneDNN test-only kernel corruption switch) or
// run a program oneDNN refuses, and check that the harness reports it.
//
//===----------------------------------------------------------------------===//

#include "tests/conformance/ConformanceHarness.h"

#include "backends/onednn/OneDnnBackend.h"
#include "frontend/GraphBuilder.h"

#include <gtest/gtest.h>

namespace tgc::conformance {
namespace {

using frontend::GraphBuilder;

mlir::OwningOpRef<mlir::ModuleOp> softmaxModule(mlir::MLIRContext &context,
                                                mlir::Type elementType = {}) {
  GraphBuilder b(&context);
  b.output("y", b.softmax(b.input("x", {3, 7}, elementType)));
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  return module.ok() ? std::move(*module) : mlir::OwningOpRef<mlir::ModuleOp>();
}

TEST(ConformanceHarnessTest, ReportsAKernelThatDepartsFromTheReference) {
  mlir::MLIRContext context;
  loadDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = softmaxModule(context);
  ASSERT_TRUE(module);
  onednn::setTestCorruptOp("tg.softmax");
  ::testing::AssertionResult result = conformsOnEveryBackend(*module);
  onednn::setTestCorruptOp("");
  EXPECT_FALSE(result);
  std::string message = result.message();
  EXPECT_NE(message.find("onednn output 'y'"), std::string::npos) << message;
  EXPECT_NE(message.find("relative error"), std::string::npos) << message;
  EXPECT_NE(message.find("tolerance 1e-05"), std::string::npos) << message;
  // And the same case passes once the switch is off.
  EXPECT_TRUE(conformsOnEveryBackend(*module));
}

TEST(ConformanceHarnessTest, AnUnsupportedOpFailsUnlessTheCaseExpectsIt) {
  mlir::MLIRContext context;
  loadDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      softmaxModule(context, mlir::Float16Type::get(&context));
  ASSERT_TRUE(module);
  ::testing::AssertionResult result = conformsOnEveryBackend(*module);
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("UNIMPLEMENTED"), std::string::npos)
      << result.message();

  CaseOptions expectUnsupported;
  expectUnsupported.unsupportedOnOneDnn = "tg.softmax";
  EXPECT_TRUE(conformsOnEveryBackend(*module, expectUnsupported));
  expectUnsupported.unsupportedOnOneDnn = "tg.matmul"; // names the wrong op
  EXPECT_FALSE(conformsOnEveryBackend(*module, expectUnsupported));
}

} // namespace
} // namespace tgc::conformance
