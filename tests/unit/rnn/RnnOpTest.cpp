//===- RnnOpTest.cpp - tg.lstm / tg.gru on the reference backend ----------===//
//
// (a) The reference evaluation of each op against the plain-loop LSTM and
//     GRU of RnnTestUtil.h.
// (b) --tg-decompose-rnn: the expanded per-step IR evaluates to the same
//     values as the op, and no recurrent op is left; with a filter, only
//     the selected ops are expanded.
// Both for 1 layer unidirectional and 2 layers bidirectional, with and
// without initial state; float64 throughout, so the bound is 1e-12.
//
//===----------------------------------------------------------------------===//

#include "RnnTestUtil.h"

#include "ir/TgOps.h"
#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"

namespace tgc::rnn::testing {
namespace {

using reference::RefValue;
using reference::testing::ReferenceTest;
using reference::testing::relativeError;

constexpr double kTolerance = 1e-12;

class RnnOpTest : public ReferenceTest,
                  public ::testing::WithParamInterface<RnnCase> {};

TEST_P(RnnOpTest, MatchesPlainLoop) {
  const RnnCase &c = GetParam();
  RnnData data = RnnData::random(c, /*seed=*/17);
  std::vector<RefValue> got = run64(rnnProgram(c), data.tensors(c));
  std::vector<std::vector<double>> want = handRnn(c, data);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].floats.size(), want[i].size()) << "result " << i;
    EXPECT_LE(relativeError(got[i].floats, want[i]), kTolerance)
        << "result " << i;
  }
  // The expectation is not trivially small: a state that stayed zero would
  // match a kernel that never ran.
  EXPECT_GT(std::abs(want[0].back()), 1e-3);
}

TEST_P(RnnOpTest, DecompositionMatchesOp) {
  const RnnCase &c = GetParam();
  RnnData data = RnnData::random(c, /*seed=*/29);
  std::vector<Tensor> args = data.tensors(c);
  std::vector<RefValue> viaOp = run64(rnnProgram(c), args);

  mlir::OwningOpRef<mlir::ModuleOp> module = parse(rnnProgram(c));
  ASSERT_TRUE(module);
  mlir::PassManager pm(&context_);
  pm.addNestedPass<mlir::func::FuncOp>(tgc::createDecomposeRnnPass());
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  int rnnOps = 0, stepOps = 0;
  module->walk([&](mlir::Operation *op) {
    rnnOps += mlir::isa<tg::LstmOp, tg::GruOp>(op);
    stepOps += mlir::isa<tg::SigmoidOp>(op);
  });
  EXPECT_EQ(rnnOps, 0);
  // LSTM: 3 sigmoids per step, GRU: 2, for every layer and direction.
  EXPECT_EQ(stepOps, (c.gates() - 1) * c.seq * c.layers * c.dirs());

  absl::StatusOr<std::vector<RefValue>> viaSteps =
      reference::evaluateInFloat64(firstFunction(*module), args);
  ASSERT_TRUE(viaSteps.ok()) << viaSteps.status();
  ASSERT_EQ(viaSteps->size(), viaOp.size());
  for (size_t i = 0; i < viaOp.size(); ++i) {
    EXPECT_EQ((*viaSteps)[i].type, viaOp[i].type) << "result " << i;
    EXPECT_LE(relativeError((*viaSteps)[i].floats, viaOp[i].floats), kTolerance)
        << "result " << i;
  }
}

// A backend with recurrent kernels of its own (onednn) creates the pass
// with a filter: the ops it rejects stay as written.
TEST_P(RnnOpTest, DecomposesOnlyWhatTheFilterSelects) {
  const RnnCase &c = GetParam();
  mlir::OwningOpRef<mlir::ModuleOp> module = parse(rnnProgram(c));
  ASSERT_TRUE(module);
  mlir::PassManager pm(&context_);
  pm.addNestedPass<mlir::func::FuncOp>(tgc::createDecomposeRnnPass(
      [](mlir::Operation *op) { return mlir::isa<tg::GruOp>(op); }));
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  int lstmOps = 0, gruOps = 0, stepOps = 0;
  module->walk([&](mlir::Operation *op) {
    lstmOps += mlir::isa<tg::LstmOp>(op);
    gruOps += mlir::isa<tg::GruOp>(op);
    stepOps += mlir::isa<tg::SigmoidOp>(op);
  });
  EXPECT_EQ(gruOps, 0);
  EXPECT_EQ(lstmOps, c.cell == Cell::Lstm ? 1 : 0);
  EXPECT_EQ(stepOps, c.cell == Cell::Lstm ? 0 : 2 * c.seq * c.layers * c.dirs());
}

std::vector<RnnCase> allCases() {
  std::vector<RnnCase> cases = standardCases(Cell::Lstm);
  for (const RnnCase &c : standardCases(Cell::Gru))
    cases.push_back(c);
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Configs, RnnOpTest, ::testing::ValuesIn(allCases()),
                         [](const ::testing::TestParamInfo<RnnCase> &info) {
                           return info.param.name();
                         });

/// One step by hand: with x = [1, 0], h0 = c0 = 0, hidden 1 and every
/// weight row picking x[0], the gates are i = f = o = σ(1), g = tanh(1).
using RnnByHandTest = ReferenceTest;

TEST_F(RnnByHandTest, LstmOneStep) {
  std::vector<RefValue> r = run64(R"mlir(
    func.func @f(%x: tensor<1x1x2xf64> {tg.input = "x"}) -> (tensor<1x1x1xf64>, tensor<1x1x1xf64>, tensor<1x1x1xf64>) {
      %w_ih = tg.constant dense<[[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]> : tensor<4x2xf64>
      %w_hh = tg.constant dense<0.5> : tensor<4x1xf64>
      %b = tg.constant dense<0.0> : tensor<4xf64>
      %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 1 : i64} : (tensor<1x1x2xf64>, tensor<4x2xf64>, tensor<4x1xf64>, tensor<4xf64>, tensor<4xf64>) -> (tensor<1x1x1xf64>, tensor<1x1x1xf64>, tensor<1x1x1xf64>)
      return %y, %h, %c : tensor<1x1x1xf64>, tensor<1x1x1xf64>, tensor<1x1x1xf64>
    })mlir",
                                  {reference::testing::f64({1.0, 0.0}, {1, 1, 2})});
  ASSERT_EQ(r.size(), 3u);
  double s = 1.0 / (1.0 + std::exp(-1.0));
  double c = s * std::tanh(1.0);
  EXPECT_NEAR(r[2].floats[0], c, 1e-15);
  EXPECT_NEAR(r[1].floats[0], s * std::tanh(c), 1e-15);
  EXPECT_EQ(r[0].floats, r[1].floats);
}

} // namespace
} // namespace tgc::rnn::testing
