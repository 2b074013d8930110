//===- FuseAddLayerNorm.cpp - residual add + layer_norm into one op -------===//
//
//   %s = tg.add %x, %r                      %y, %s = tg.add_layer_norm %x, %r
//   %y = tg.layer_norm %s scale %g ...  ->      scale %g ...
//
// Other users of the sum (pre-norm stacks carry it on) read the fused op's
// second result. The add must not broadcast: tg.add_layer_norm adds two
// tensors of one type.
//
//===----------------------------------------------------------------------===//

#include "passes/FusionReport.h"
#include "passes/Passes.h"

#include "ir/TgOps.h"

namespace tgc {
#define GEN_PASS_DEF_FUSEADDLAYERNORMPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

struct FuseAddLayerNormPass
    : tgc::impl::FuseAddLayerNormPassBase<FuseAddLayerNormPass> {
  using FuseAddLayerNormPassBase::FuseAddLayerNormPassBase;

  void runOnOperation() override {
    SmallVector<LayerNormOp> candidates;
    getOperation().walk([&](LayerNormOp op) { candidates.push_back(op); });
    for (LayerNormOp norm : candidates) {
      auto add = norm.getInput().getDefiningOp<AddOp>();
      if (!add)
        continue;
      if (add.getLhs().getType() != add.getRhs().getType()) {
        if (report)
          tgc::remarkNotFused(norm, AddLayerNormOp::getOperationName(),
                              "the residual add broadcasts its operands");
        continue;
      }
      // The sum's other users must still see it defined before them: build
      // at the add when scale and bias are available there, else at the
      // norm when every other user of the sum comes after the norm.
      auto availableAt = [&](Value v, Operation *point) {
        return !v || !v.getDefiningOp() ||
               v.getDefiningOp()->isBeforeInBlock(point);
      };
      Operation *insertion = nullptr;
      if (availableAt(norm.getScale(), add) && availableAt(norm.getBias(), add))
        insertion = add;
      else if (llvm::all_of(add->getUsers(), [&](Operation *user) {
                 return user == norm || norm->isBeforeInBlock(user);
               }))
        insertion = norm;
      if (!insertion) {
        if (report)
          tgc::remarkNotFused(norm, AddLayerNormOp::getOperationName(),
                              "the sum is used before the layer_norm, whose "
                              "scale or bias is defined after the add");
        continue;
      }
      OpBuilder b(insertion);
      SmallVector<Operation *> replaced = {norm, add};
      auto fused = b.create<AddLayerNormOp>(
          tgc::fusedLocation(replaced), TypeRange{norm.getType(), add.getType()},
          add.getLhs(), add.getRhs(), norm.getScale(), norm.getBias(),
          norm.getAxisAttr(), norm.getEpsilonAttr());
      if (report)
        tgc::remarkFused(fused, replaced);
      norm.replaceAllUsesWith(fused.getResult());
      norm.erase();
      add.replaceAllUsesWith(fused.getSum());
      add.erase();
    }
  }
};

} // namespace
