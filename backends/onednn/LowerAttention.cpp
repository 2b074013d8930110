//===- LowerAttention.cpp - tg.attention to the flash-style CPU kernel ----===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {

void registerAttentionLowerings(LoweringTable &table) {
  table.add<AttentionOp>(
      [](AttentionOp op) -> absl::StatusOr<KernelSpec> {
        AttentionConfig config;
        config.dtype = dtypeOf(op.getResult());
        config.queryShape = shapeOf(op.getQuery());
        config.keyShape = shapeOf(op.getKey());
        config.valueShape = shapeOf(op.getValue());
        if (Value mask = op.getMask()) {
          config.maskDtype = dtypeOf(mask);
          config.maskShape = shapeOf(mask);
        }
        config.scale = op.getScale().convertToDouble();
        config.causal = op.getCausal();
        return config;
      });
}

} // namespace tgc::onednn
