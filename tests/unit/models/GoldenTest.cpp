//===- GoldenTest.cpp - model programs against PyTorch float64 ------------===//
//
// Each tests/golden/*.safetensors file holds a model name and config, the
// weights and inputs, and PyTorch's float64 outputs (see
// tests/golden/golden.py). This test builds the model with tgc, loads the
// weights strictly by name, runs it on the reference backend, and compares
// each output by relative error.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "runtime/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace tgc {
namespace {

constexpr double kTolerance = 1e-6;

std::vector<std::string> goldenFiles() {
  std::vector<std::string> files;
  for (const auto &entry : std::filesystem::directory_iterator(TGC_GOLDEN_DIR))
    if (entry.path().extension() == ".safetensors")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesPyTorchFloat64) {
  std::map<std::string, std::string> metadata;
  absl::StatusOr<std::map<std::string, Tensor>> golden =
      readSafetensors(GetParam(), &metadata);
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_TRUE(metadata.count("model") && metadata.count("config"));
  SCOPED_TRACE("tgc model " + metadata["model"] + " --config " + metadata["config"]);

  mlir::MLIRContext context;
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context, metadata["model"], metadata["config"]);
  ASSERT_TRUE(module.ok()) << module.status();
  auto fn = *(*module)->getOps<mlir::func::FuncOp>().begin();
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  ASSERT_TRUE(signature.ok()) << signature.status();

  ArgumentSources sources;
  sources.weightsFile = GetParam();
  std::map<std::string, const Tensor *> expected;
  for (const auto &[name, tensor] : *golden) {
    if (name.rfind("input:", 0) == 0)
      sources.inputs[name.substr(6)] = tensor;
    else if (name.rfind("output:", 0) == 0)
      expected[name.substr(7)] = &tensor;
    else
      sources.weights[name] = tensor; // strict: every weight must be a param
  }
  absl::StatusOr<std::vector<Tensor>> args = bindArguments(*signature, sources);
  ASSERT_TRUE(args.ok()) << args.status();
  absl::StatusOr<std::vector<reference::RefValue>> results =
      reference::evaluateInFloat64(fn, *args);
  ASSERT_TRUE(results.ok()) << results.status();

  ASSERT_EQ(expected.size(), signature->results.size());
  for (auto [spec, value] : llvm::zip(signature->results, *results)) {
    SCOPED_TRACE("output " + spec.name);
    ASSERT_TRUE(expected.count(spec.name));
    const Tensor &want = *expected[spec.name];
    ASSERT_EQ(want.numElements(), value.size());
    double diff = 0, norm = 0;
    for (int64_t i = 0; i < value.size(); ++i) {
      double w = want.dataAs<double>()[i];
      diff += (value.asDouble(i) - w) * (value.asDouble(i) - w);
      norm += w * w;
    }
    ASSERT_GT(norm, 0.0) << "golden output is all zeros";
    EXPECT_LE(std::sqrt(diff / norm), kTolerance);
  }
}

std::string testName(const testing::TestParamInfo<std::string> &info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Models, GoldenTest, testing::ValuesIn(goldenFiles()),
                         testName);

} // namespace
} // namespace tgc
