//===- LowerLoss.cpp - cross_entropy and mse to CPU kernels ---------------===//

#include "backends/onednn/Lowering.h"
#include "backends/onednn/kernels/LossKernels.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {

void registerLossLowerings(LoweringTable &table) {
  table.add<CrossEntropyOp>(
      [](CrossEntropyOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
        std::vector<int64_t> shape = shapeOf(op.getLogits());
        int64_t classes = shape.back();
        int64_t positions = shapeNumElements(shapeOf(op.getLabels()));
        return nonNull(makeCrossEntropyKernel(dtypeOf(op.getLogits()),
                                              dtypeOf(op.getLabels()), positions,
                                              classes, op.getIgnoreIndex()),
                       op);
      });
  table.add<MseOp>([](MseOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeMseKernel(dtypeOf(op.getLhs()),
                                 shapeNumElements(shapeOf(op.getLhs()))),
                   op);
  });
}

} // namespace tgc::onednn
