//===- FuseMatmulEpilogue.cpp - matmul + bias + activation into one op ----===//
//
//   tg.add(tg.matmul(a, b), bias)        -> tg.fused_matmul a, b bias activation(none)
//   tg.relu(tg.fused_matmul ... (none))  -> tg.fused_matmul ... activation(relu)
//   tg.gelu(tg.matmul(a, b))             -> tg.fused_matmul a, b activation(gelu_*)
//
// The bias may broadcast but must not grow the result. The matmul (or the
// fused op) must have no other user, since its value before the epilogue
// would no longer exist. Runs after tg-fuse-attention, whose Q·Kᵀ matmul
// followed by a mask add it must not take.
//
//===----------------------------------------------------------------------===//

#include "passes/FusionReport.h"
#include "passes/Passes.h"

#include "ir/TgOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace tgc {
#define GEN_PASS_DEF_FUSEMATMULEPILOGUEPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

/// add(matmul(a, b), bias) -> fused_matmul(a, b, bias, none)
struct FuseBias : OpRewritePattern<AddOp> {
  FuseBias(MLIRContext *context, bool report)
      : OpRewritePattern(context), report(report) {}

  LogicalResult matchAndRewrite(AddOp add, PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      auto matmul = add->getOperand(side).getDefiningOp<MatmulOp>();
      Value bias = add->getOperand(1 - side);
      if (!matmul || !matmul->hasOneUse() || matmul.getType() != add.getType())
        continue;
      SmallVector<Operation *> replaced = {add, matmul};
      auto fused = rewriter.create<FusedMatmulOp>(
          tgc::fusedLocation(replaced), add.getType(), matmul.getLhs(),
          matmul.getRhs(), bias, matmul.getTransposeA(), matmul.getTransposeB(),
          Activation::None);
      if (report)
        tgc::remarkFused(fused, replaced);
      rewriter.replaceOp(add, fused.getResult());
      rewriter.eraseOp(matmul);
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no single-use matmul operand");
  }
  bool report;
};

/// activation(fused_matmul(..., none)) or activation(matmul) -> one op.
template <typename ActivationOp>
struct FuseActivation : OpRewritePattern<ActivationOp> {
  FuseActivation(MLIRContext *context, bool report)
      : OpRewritePattern<ActivationOp>(context), report(report) {}

  static Activation activationOf(ActivationOp op);

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    Operation *producer = act.getOperand().getDefiningOp();
    if (!producer || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(act, "operand has other users");
    SmallVector<Operation *> replaced = {act, producer};
    FusedMatmulOp fused;
    if (auto matmul = dyn_cast<MatmulOp>(producer)) {
      fused = rewriter.create<FusedMatmulOp>(
          tgc::fusedLocation(replaced), act.getType(), matmul.getLhs(),
          matmul.getRhs(), Value(), matmul.getTransposeA(),
          matmul.getTransposeB(), activationOf(act));
    } else if (auto inner = dyn_cast<FusedMatmulOp>(producer);
               inner && inner.getActivation() == Activation::None) {
      fused = rewriter.create<FusedMatmulOp>(
          tgc::fusedLocation(replaced), act.getType(), inner.getLhs(),
          inner.getRhs(), inner.getBias(), inner.getTransposeA(),
          inner.getTransposeB(), activationOf(act));
    } else {
      return rewriter.notifyMatchFailure(act, "operand is not a matmul");
    }
    if (report)
      tgc::remarkFused(fused, replaced);
    rewriter.replaceOp(act, fused.getResult());
    rewriter.eraseOp(producer);
    return success();
  }
  bool report;
};

template <>
Activation FuseActivation<ReluOp>::activationOf(ReluOp) {
  return Activation::Relu;
}
template <>
Activation FuseActivation<GeluOp>::activationOf(GeluOp op) {
  return op.getApproximate() == GeluApproximation::Tanh ? Activation::GeluTanh
                                                        : Activation::GeluErf;
}

struct FuseMatmulEpiloguePass
    : tgc::impl::FuseMatmulEpiloguePassBase<FuseMatmulEpiloguePass> {
  using FuseMatmulEpiloguePassBase::FuseMatmulEpiloguePassBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseBias, FuseActivation<ReluOp>, FuseActivation<GeluOp>>(
        &getContext(), report);
    GreedyRewriteConfig config;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                            config)))
      signalPassFailure();
  }
};

} // namespace
