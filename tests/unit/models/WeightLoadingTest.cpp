//===- WeightLoadingTest.cpp - strict state-dict loading ------------------===//
//
// A state dict with a missing, extra or mis-shaped tensor is refused with an
// error that names the tensor (and both shapes), as load_state_dict does.
//
//===----------------------------------------------------------------------===//

#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "runtime/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgc {
namespace {

using testing::HasSubstr;

class WeightLoadingTest : public testing::Test {
protected:
  void SetUp() override {
    std::map<std::string, std::string> metadata;
    absl::StatusOr<std::map<std::string, Tensor>> golden = readSafetensors(
        std::string(TGC_GOLDEN_DIR) + "/transformer_lm.safetensors", &metadata);
    ASSERT_TRUE(golden.ok()) << golden.status();
    absl::StatusOr<frontend::ModelModule> module =
        frontend::buildModel(&context_, metadata["model"], metadata["config"]);
    ASSERT_TRUE(module.ok()) << module.status();
    module_ = std::move(*module);
    auto fn = *module_->getOps<mlir::func::FuncOp>().begin();
    absl::StatusOr<Signature> signature = tg::signatureOf(fn);
    ASSERT_TRUE(signature.ok());
    signature_ = *signature;
    sources_.weightsFile = "lm.safetensors";
    for (const auto &[name, tensor] : *golden) {
      if (name.rfind("input:", 0) == 0)
        sources_.inputs[name.substr(6)] = tensor;
      else if (name.rfind("output:", 0) != 0)
        sources_.weights[name] = tensor;
    }
  }

  std::string bindError() {
    absl::StatusOr<std::vector<Tensor>> args = bindArguments(signature_, sources_);
    return args.ok() ? "" : std::string(args.status().message());
  }

  mlir::MLIRContext context_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  Signature signature_;
  ArgumentSources sources_;
};

TEST_F(WeightLoadingTest, CompleteStateDictLoads) { EXPECT_EQ(bindError(), ""); }

TEST_F(WeightLoadingTest, MissingTensorIsNamed) {
  sources_.weights.erase("layers.1.norm2.bias");
  EXPECT_THAT(bindError(), HasSubstr("lm.safetensors: missing weight "
                                     "'layers.1.norm2.bias' (f32[12])"));
}

TEST_F(WeightLoadingTest, ExtraTensorIsNamed) {
  sources_.weights["layers.2.norm1.weight"] = Tensor::allocate(DType::F32, {12});
  EXPECT_THAT(bindError(), HasSubstr("tensor 'layers.2.norm1.weight' (f32[12]) "
                                     "is not a parameter of the program"));
}

TEST_F(WeightLoadingTest, MisShapedTensorGivesBothShapes) {
  sources_.weights["layers.0.linear1.weight"] = Tensor::allocate(DType::F32, {12, 20});
  EXPECT_THAT(bindError(),
              HasSubstr("weight 'layers.0.linear1.weight' in lm.safetensors is "
                        "f32[12x20] but the program expects f32[20x12]"));
}

} // namespace
} // namespace tgc
