//===- RnnModelTest.cpp - the lstm and gru model programs -----------------===//
//
// buildLstm / buildGru from a config: the module prints and verifies, its
// parameters carry torch.nn.LSTM's state_dict names in PyTorch's order, and
// it evaluates on the reference backend to the plain-loop LSTM / GRU of
// RnnTestUtil.h.
//
//===----------------------------------------------------------------------===//

#include "RnnTestUtil.h"

#include "frontend/models/ModelPrograms.h"
#include "ir/ProgramSignature.h"

#include "mlir/IR/Verifier.h"

#include <gmock/gmock.h>

namespace tgc::rnn::testing {
namespace {

using reference::RefValue;
using reference::testing::relativeError;

constexpr double kTolerance = 1e-12;

class RnnModelTest : public ::testing::Test {
protected:
  /// The module of model `name` built from `config`; fails the test on error.
  frontend::ModelModule build(const std::string &name,
                              const std::string &config) {
    absl::StatusOr<frontend::ModelModule> module =
        frontend::buildModel(&context_, name, config);
    if (!module.ok()) {
      ADD_FAILURE() << name << " {" << config << "}: " << module.status();
      return nullptr;
    }
    return *std::move(module);
  }

  static mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
    return *module.getOps<mlir::func::FuncOp>().begin();
  }

  mlir::MLIRContext context_;
};

TEST_F(RnnModelTest, LstmPrintsVerifiesAndNamesParametersLikePyTorch) {
  frontend::ModelModule module =
      build("lstm", "input_size=3,hidden_size=4,layers=2,bidirectional=true,"
                    "batch=2,seq_len=5");
  ASSERT_TRUE(module);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  EXPECT_THAT(text, ::testing::HasSubstr("tg.lstm"));
  EXPECT_THAT(text, ::testing::HasSubstr("bidirectional = true"));

  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(*module));
  ASSERT_TRUE(signature.ok()) << signature.status();
  std::vector<std::string> names;
  for (const ArgumentSpec &arg : signature->arguments)
    names.push_back(arg.tensor.name);
  EXPECT_THAT(names,
              ::testing::ElementsAre(
                  "x", "weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                  "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                  "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1",
                  "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                  "weight_ih_l1_reverse", "weight_hh_l1_reverse",
                  "bias_ih_l1_reverse", "bias_hh_l1_reverse"));
  EXPECT_EQ(signature->arguments[9].tensor.shape,
            (std::vector<int64_t>{16, 8})); // weight_ih_l1: [4H, D*H]
  std::vector<std::string> results;
  for (const TensorSpec &result : signature->results)
    results.push_back(result.name);
  EXPECT_THAT(results, ::testing::ElementsAre("y", "h_n", "c_n"));
}

/// Runs model `name` built from `config` on seeded data for `c` (whose
/// sizes must match the config) and compares with the plain loop.
void expectMatchesPlainLoop(mlir::func::FuncOp fn, const RnnCase &c) {
  RnnData data = RnnData::random(c, /*seed=*/41);
  absl::StatusOr<std::vector<RefValue>> got =
      reference::evaluateInFloat64(fn, data.tensors(c));
  ASSERT_TRUE(got.ok()) << got.status();
  std::vector<std::vector<double>> want = handRnn(c, data);
  ASSERT_EQ(got->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_LE(relativeError((*got)[i].floats, want[i]), kTolerance)
        << "result " << i;
}

TEST_F(RnnModelTest, LstmMatchesPlainLoop) {
  frontend::ModelModule module =
      build("lstm", "input_size=3,hidden_size=4,layers=2,bidirectional=true,"
                    "batch=2,seq_len=5");
  ASSERT_TRUE(module);
  expectMatchesPlainLoop(mainOf(*module),
                         {Cell::Lstm, 2, 5, 3, 4, 2, true, false});
}

TEST_F(RnnModelTest, GruMatchesPlainLoop) {
  frontend::ModelModule module =
      build("gru", "input_size=4,hidden_size=3,batch=3,seq_len=6");
  ASSERT_TRUE(module);
  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(*module));
  ASSERT_TRUE(signature.ok()) << signature.status();
  ASSERT_EQ(signature->results.size(), 2u);
  EXPECT_EQ(signature->results[1].name, "h_n");
  expectMatchesPlainLoop(mainOf(*module),
                         {Cell::Gru, 3, 6, 4, 3, 1, false, false});
}

TEST_F(RnnModelTest, WithLossPutsMseOfYAndTargetFirst) {
  frontend::ModelModule module =
      build("lstm", "input_size=2,hidden_size=3,batch=2,seq_len=4,"
                    "bidirectional=true,with_loss=true");
  ASSERT_TRUE(module);
  RnnCase c{Cell::Lstm, 2, 4, 2, 3, 1, true, false};
  RnnData data = RnnData::random(c, /*seed=*/53);
  std::vector<float> target = randomFloats(2 * 4 * 6, /*seed=*/99);
  // Arguments: x, target, then the weights.
  std::vector<Tensor> args = data.tensors(c);
  args.insert(args.begin() + 1,
              reference::testing::f32(target, {2, 4, 6}));
  absl::StatusOr<std::vector<RefValue>> got =
      reference::evaluateInFloat64(mainOf(*module), args);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 4u);

  std::vector<double> y = handRnn(c, data)[0];
  double mse = 0;
  for (size_t i = 0; i < y.size(); ++i)
    mse += (y[i] - target[i]) * (y[i] - target[i]);
  mse /= static_cast<double>(y.size());
  EXPECT_NEAR((*got)[0].floats[0], mse, 1e-12 * mse);
  EXPECT_LE(relativeError((*got)[1].floats, y), kTolerance);
}

TEST_F(RnnModelTest, UnknownKeyIsAnError) {
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context_, "gru", "hidden=4");
  ASSERT_FALSE(module.ok());
  EXPECT_THAT(std::string(module.status().message()),
              ::testing::HasSubstr("hidden"));
}

} // namespace
} // namespace tgc::rnn::testing
