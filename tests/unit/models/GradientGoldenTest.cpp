//===- GradientGoldenTest.cpp - model gradients against PyTorch autograd --===//
//
// For every golden model with a loss (config with_loss=true),
// tests/golden/grad/<name>.safetensors holds PyTorch autograd's float64
// d(loss)/d(param) for every parameter as "grad:<param>" (see
// tests/golden/golden.py, write_gradients). This test builds the model as
// GoldenTest does, runs tg-autodiff, evaluates @main_grad on the reference
// backend with the golden's weights and inputs, and compares every result
// by relative error: grad.<param> with grad:<param>, and the forward
// results (the loss first) with the golden's outputs.
//
// Every parameter must have a golden gradient, and none may be all zero:
// in these models each parameter reaches the loss through a differentiable
// path, so an all-zero golden would mean a broken generator. (A gradient
// that is zero by construction in part, such as the key-projection slice of
// an attention in_proj_bias, to which softmax is invariant, is compared as
// part of its tensor.)
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"
#include "runtime/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

namespace tgc {
namespace {

constexpr double kTolerance = 1e-6;

/// The gradient file and the golden it belongs to hold the same loss, up to
/// PyTorch's no-grad inference path against its autograd path.
constexpr double kSameLossTolerance = 1e-12;

namespace fs = std::filesystem;

fs::path gradientFileOf(const fs::path &golden) {
  return golden.parent_path() / "grad" / golden.filename();
}

struct Golden {
  std::map<std::string, std::string> metadata;
  std::map<std::string, Tensor> tensors;
};

absl::StatusOr<Golden> readGolden(const fs::path &path) {
  Golden golden;
  absl::StatusOr<std::map<std::string, Tensor>> tensors =
      readSafetensors(path.string(), &golden.metadata);
  if (!tensors.ok())
    return tensors.status();
  golden.tensors = std::move(*tensors);
  return golden;
}

/// The golden files of models with a loss: those tg-autodiff differentiates.
std::vector<std::string> goldensWithLoss() {
  std::vector<std::string> files;
  for (const auto &entry : fs::directory_iterator(TGC_GOLDEN_DIR)) {
    if (entry.path().extension() != ".safetensors")
      continue;
    absl::StatusOr<Golden> golden = readGolden(entry.path());
    if (!golden.ok()) {
      files.push_back(entry.path().string()); // the test says why
      continue;
    }
    std::string config = "," + golden->metadata["config"] + ",";
    if (config.find(",with_loss=true,") != std::string::npos)
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// A float64 golden tensor as the reference backend's value, for
/// reference::relativeError.
reference::RefValue toRefValue(mlir::MLIRContext *context, const Tensor &t) {
  reference::RefValue value;
  value.type = mlir::RankedTensorType::get(t.shape(), mlir::Float64Type::get(context));
  value.floats.assign(t.dataAs<double>(), t.dataAs<double>() + t.numElements());
  return value;
}

bool allZero(const Tensor &t) {
  for (int64_t i = 0; i < t.numElements(); ++i)
    if (t.dataAs<double>()[i] != 0)
      return false;
  return true;
}

class GradientGoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GradientGoldenTest, MatchesPyTorchAutogradFloat64) {
  fs::path goldenPath = GetParam();
  absl::StatusOr<Golden> golden = readGolden(goldenPath);
  ASSERT_TRUE(golden.ok()) << golden.status();
  absl::StatusOr<Golden> grads = readGolden(gradientFileOf(goldenPath));
  ASSERT_TRUE(grads.ok()) << "no gradient golden for " << goldenPath.filename()
                          << " (run the generators, tests/golden/README.md): "
                          << grads.status();
  EXPECT_EQ(grads->metadata["golden"], goldenPath.filename().string());
  const std::string &model = golden->metadata["model"];
  SCOPED_TRACE("tgc model " + model + " --config " + golden->metadata["config"]);

  // The gradient file's loss is the golden's: they hold the same weights.
  ASSERT_TRUE(golden->tensors.count("output:loss") &&
              grads->tensors.count("output:loss"));
  double goldenLoss = golden->tensors.at("output:loss").dataAs<double>()[0];
  double gradsLoss = grads->tensors.at("output:loss").dataAs<double>()[0];
  ASSERT_LE(std::abs(gradsLoss - goldenLoss), kSameLossTolerance * std::abs(goldenLoss))
      << "the gradient file was written from other weights or inputs";

  mlir::MLIRContext context;
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context, model, golden->metadata["config"]);
  ASSERT_TRUE(module.ok()) << module.status();
  auto fn = *(*module)->getOps<mlir::func::FuncOp>().begin();
  std::string gradName = (fn.getSymName() + "_grad").str();
  // tg.lstm and tg.gru have no VJP rule of their own: they are
  // differentiated as their per-step ops, as `tg-opt --tg-decompose-rnn
  // --tg-autodiff` does (tests/lit/tgc/grad.test). Other models have
  // nothing to decompose.
  mlir::PassManager pm(&context);
  pm.addNestedPass<mlir::func::FuncOp>(createDecomposeRnnPass());
  pm.addPass(createAutodiffPass());
  ASSERT_TRUE(mlir::succeeded(pm.run(**module)));
  auto gradFn = mlir::SymbolTable::lookupNearestSymbolFrom<mlir::func::FuncOp>(
      **module, mlir::StringAttr::get(&context, gradName));
  ASSERT_TRUE(gradFn) << "tg-autodiff made no @" << gradName;
  absl::StatusOr<Signature> signature = tg::signatureOf(gradFn);
  ASSERT_TRUE(signature.ok()) << signature.status();
  ASSERT_FALSE(signature->results.empty());
  ASSERT_EQ(signature->results[0].name, "loss");

  // Weights and inputs exactly as GoldenTest binds them.
  ArgumentSources sources;
  sources.weightsFile = goldenPath.string();
  std::map<std::string, const Tensor *> expected;
  for (const auto &[name, tensor] : golden->tensors) {
    if (name.rfind("input:", 0) == 0)
      sources.inputs[name.substr(6)] = tensor;
    else if (name.rfind("output:", 0) == 0)
      expected[name.substr(7)] = &tensor;
    else
      sources.weights[name] = tensor;
  }

  // Every parameter has a golden gradient, the file no other.
  std::set<std::string> params;
  for (const ArgumentSpec &arg : signature->arguments)
    if (arg.kind == ArgumentKind::Param)
      params.insert(arg.tensor.name);
  for (const std::string &param : params) {
    auto it = grads->tensors.find("grad:" + param);
    if (it == grads->tensors.end()) {
      ADD_FAILURE() << "no golden gradient for parameter '" << param << "'";
      continue;
    }
    EXPECT_FALSE(allZero(it->second))
        << "golden gradient of '" << param << "' is all zeros";
    expected["grad." + param] = &it->second;
  }
  for (const auto &[name, tensor] : grads->tensors) {
    bool ofAParam = name.rfind("grad:", 0) != 0 || params.count(name.substr(5));
    EXPECT_TRUE(ofAParam) << "golden gradient '" << name << "' is of no parameter";
  }

  absl::StatusOr<std::vector<Tensor>> args = bindArguments(*signature, sources);
  ASSERT_TRUE(args.ok()) << args.status();
  absl::StatusOr<std::vector<reference::RefValue>> results =
      reference::evaluateInFloat64(gradFn, *args);
  ASSERT_TRUE(results.ok()) << results.status();

  // @main_grad returns @main's results, then one gradient per parameter.
  ASSERT_EQ(signature->results.size(), expected.size());
  double worst = 0;
  std::string worstName;
  for (auto [spec, value] : llvm::zip_equal(signature->results, *results)) {
    SCOPED_TRACE("result " + spec.name);
    ASSERT_TRUE(expected.count(spec.name)) << "no golden for this result";
    const Tensor &want = *expected[spec.name];
    ASSERT_EQ(want.dtype(), DType::F64);
    ASSERT_EQ(want.shape(), std::vector<int64_t>(value.shape().begin(),
                                                 value.shape().end()));
    double error = reference::relativeError(value, toRefValue(&context, want));
    EXPECT_LE(error, kTolerance);
    if (spec.name.rfind("grad.", 0) == 0 &&
        (worstName.empty() || !(error <= worst))) {
      worst = error;
      worstName = spec.name;
    }
  }
  std::cout << "[ gradients ] " << goldenPath.filename().string() << ": "
            << params.size() << " parameters, worst relative error " << worst
            << " (" << worstName << ")\n";
}

/// Every gradient file belongs to a golden this suite checks.
TEST(GradientGoldenFiles, EachHasAGoldenWithLoss) {
  std::vector<std::string> checked = goldensWithLoss();
  fs::path dir = fs::path(TGC_GOLDEN_DIR) / "grad";
  ASSERT_TRUE(fs::is_directory(dir));
  for (const auto &entry : fs::directory_iterator(dir)) {
    fs::path golden = fs::path(TGC_GOLDEN_DIR) / entry.path().filename();
    EXPECT_NE(std::find(checked.begin(), checked.end(), golden.string()),
              checked.end())
        << entry.path() << " has no golden with with_loss=true beside it";
  }
}

std::string testName(const testing::TestParamInfo<std::string> &info) {
  std::string name = fs::path(info.param).stem().string();
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Models, GradientGoldenTest,
                         testing::ValuesIn(goldensWithLoss()), testName);

} // namespace
} // namespace tgc
