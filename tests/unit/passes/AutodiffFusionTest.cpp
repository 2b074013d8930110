//===- AutodiffFusionTest.cpp - gradients do not depend on when fusion ran -===//
//
// tg-autodiff accepts IR before and after tg-optimize: fused ops
// (tg.attention, tg.add_layer_norm, tg.fused_matmul, tg.fused_elementwise)
// have VJP rules of their own, tg.nearest_codeword's integer result carries
// none (as tg.argmin's), and recurrent ops are decomposed first. So
// the gradient program of a model is the same function whichever order the
// passes ran in. For each model below, @main_grad is built in several
// orders and evaluated on the float64 reference backend with the same
// seeded arguments; every result (loss, outputs, gradients) must agree with
// plain `--tg-autodiff` to 1e-12 relative. What differs between the orders
// is only how the same math is grouped and summed.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <functional>

namespace tgc {
namespace {

constexpr double kTolerance = 1e-12;

/// Adds passes to a module-level pass manager.
using Stage = std::function<void(mlir::PassManager &)>;

void optimize(mlir::PassManager &pm) { buildOptimizePipeline(pm, OptimizeOptions()); }
void autodiff(mlir::PassManager &pm) { pm.addPass(createAutodiffPass()); }
void decomposeRnn(mlir::PassManager &pm) {
  pm.addNestedPass<mlir::func::FuncOp>(createDecomposeRnnPass());
}

struct Order {
  std::string name;
  std::vector<Stage> stages;
};

/// Counts the ops of `fn` (top level) named `name`.
int countOps(mlir::func::FuncOp fn, llvm::StringRef name) {
  int n = 0;
  for (mlir::Operation &op : fn.getBody().front())
    n += op.getName().getStringRef() == name;
  return n;
}

/// @main_grad of `model` built with `order`, evaluated on `args` (made from
/// @main's signature on the first call). The values' types live in
/// `context`.
std::vector<reference::RefValue>
gradients(mlir::MLIRContext &context, const std::string &model,
          const std::string &config, const Order &order,
          std::vector<Tensor> &args,
          std::function<void(mlir::func::FuncOp)> inspect = nullptr) {
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context, model, config);
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok())
    return {};
  mlir::PassManager pm(&context);
  for (const Stage &stage : order.stages)
    stage(pm);
  EXPECT_TRUE(mlir::succeeded(pm.run(**module))) << order.name;
  auto grad = mlir::SymbolTable::lookupNearestSymbolFrom<mlir::func::FuncOp>(
      **module, mlir::StringAttr::get(&context, "main_grad"));
  EXPECT_TRUE(grad) << order.name;
  if (!grad)
    return {};
  if (inspect)
    inspect(grad);
  if (args.empty()) {
    absl::StatusOr<Signature> signature = tg::signatureOf(grad);
    EXPECT_TRUE(signature.ok()) << signature.status();
    if (!signature.ok())
      return {};
    for (auto [position, arg] : llvm::enumerate(signature->arguments))
      args.push_back(randomTensor(arg.tensor, 5, position, arg.indexBound));
  }
  absl::StatusOr<std::vector<reference::RefValue>> out =
      reference::evaluateInFloat64(grad, args);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<reference::RefValue>();
}

/// Every order's @main_grad against plain tg-autodiff, result by result.
void expectSameGradients(const std::string &model, const std::string &config,
                         const std::vector<Order> &orders) {
  SCOPED_TRACE("tgc model " + model + " --config " + config);
  mlir::MLIRContext context;
  std::vector<Tensor> args;
  std::vector<reference::RefValue> want =
      gradients(context, model, config, {"autodiff", {autodiff}}, args);
  ASSERT_FALSE(want.empty());
  for (const Order &order : orders) {
    SCOPED_TRACE(order.name);
    std::vector<reference::RefValue> got =
        gradients(context, model, config, order, args);
    ASSERT_EQ(got.size(), want.size());
    double worst = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      double error = reference::relativeError(got[i], want[i]);
      EXPECT_LE(error, kTolerance) << "result " << i;
      worst = std::max(worst, error);
    }
    std::cout << "[ orders ] " << model << ", " << order.name << ": "
              << want.size() << " results, worst relative error " << worst
              << "\n";
  }
}

const Order kAutodiffThenOptimize = {"autodiff, optimize", {autodiff, optimize}};
const Order kOptimizeThenAutodiff = {"optimize, autodiff", {optimize, autodiff}};
const Order kOptimizeAutodiffOptimize = {"optimize, autodiff, optimize",
                                         {optimize, autodiff, optimize}};

// The transformer example (examples/models/transformer.mlir): attention
// with and without the causal flag, add_layer_norm, fused_matmul with relu.
TEST(AutodiffFusion, TransformerExample) {
  expectSameGradients(
      "transformer",
      "vocab=100,d_model=16,heads=2,d_ff=32,enc_layers=1,dec_layers=1,batch=2,"
      "src_len=6,tgt_len=5,with_loss=true",
      {kAutodiffThenOptimize, kOptimizeThenAutodiff, kOptimizeAutodiffOptimize});
}

// GELU (fused_matmul gelu_erf), learned positions, two layers each side.
TEST(AutodiffFusion, TransformerGelu) {
  expectSameGradients(
      "transformer",
      "vocab=23,d_model=16,heads=4,d_ff=24,enc_layers=2,dec_layers=2,batch=2,"
      "src_len=5,tgt_len=4,activation=gelu,positions=learned,"
      "tie_embeddings=false,with_loss=true",
      {kAutodiffThenOptimize, kOptimizeThenAutodiff});
}

// The LSTM example (examples/models/lstm.mlir). Decomposing and fusing
// first differentiates the cell math as tg.fused_elementwise ops.
TEST(AutodiffFusion, LstmExample) {
  std::string config = "input_size=4,hidden_size=8,layers=2,bidirectional=true,"
                       "batch=2,seq_len=3,with_loss=true";
  expectSameGradients(
      "lstm", config,
      {kAutodiffThenOptimize, kOptimizeThenAutodiff,
       {"decompose-rnn, optimize, autodiff, optimize",
        {decomposeRnn, optimize, autodiff, optimize}}});

  // The fused cells' rule ran: without a final tg-optimize, @main_grad
  // holds the forward's fused loops and at least as many backward ones
  // (each fused op's cotangents are fused loops themselves).
  mlir::MLIRContext context;
  std::vector<Tensor> args;
  gradients(context, "lstm", config,
            {"decompose-rnn, optimize, autodiff",
             {decomposeRnn, optimize, autodiff}},
            args, [](mlir::func::FuncOp grad) {
              auto forward = mlir::SymbolTable::lookupNearestSymbolFrom<
                  mlir::func::FuncOp>(grad, mlir::StringAttr::get(
                                                grad.getContext(), "main"));
              ASSERT_TRUE(forward);
              int fused = countOps(forward, "tg.fused_elementwise");
              EXPECT_GT(fused, 0);
              EXPECT_GE(countOps(grad, "tg.fused_elementwise"), 2 * fused);
              EXPECT_EQ(countOps(grad, "tg.lstm"), 0);
            });
}

TEST(AutodiffFusion, Gru) {
  expectSameGradients(
      "gru",
      "input_size=3,hidden_size=5,layers=2,bidirectional=true,batch=2,"
      "seq_len=4,with_loss=true",
      {kAutodiffThenOptimize, kOptimizeThenAutodiff,
       {"decompose-rnn, optimize, autodiff, optimize",
        {decomposeRnn, optimize, autodiff, optimize}}});
}

// VQ-VAE: after tg-optimize the codeword search is one tg.nearest_codeword,
// which cuts no gradient path (the codebook's gradient flows through the
// gather and the losses, as in the unfused form).
TEST(AutodiffFusion, VqVae) {
  expectSameGradients(
      "vq_vae", "batch=6,in_dim=5,hidden=7,dim=3,codebook_size=5,with_loss=true",
      {kAutodiffThenOptimize, kOptimizeThenAutodiff, kOptimizeAutodiffOptimize});
  mlir::MLIRContext context;
  std::vector<Tensor> args;
  gradients(context, "vq_vae",
            "batch=6,in_dim=5,hidden=7,dim=3,codebook_size=5,with_loss=true",
            kOptimizeThenAutodiff, args, [](mlir::func::FuncOp grad) {
              EXPECT_EQ(countOps(grad, "tg.nearest_codeword"), 1);
              EXPECT_EQ(countOps(grad, "tg.argmin"), 0);
            });
}

} // namespace
} // namespace tgc
