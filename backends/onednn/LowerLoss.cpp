//===- LowerLoss.cpp - cross_entropy and mse to CPU kernels ---------------===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {

void registerLossLowerings(LoweringTable &table) {
  table.add<CrossEntropyOp>(
      [](CrossEntropyOp op) -> absl::StatusOr<KernelSpec> {
        std::vector<int64_t> shape = shapeOf(op.getLogits());
        int64_t classes = shape.back();
        int64_t positions = shapeNumElements(shapeOf(op.getLabels()));
        return CrossEntropySpec{dtypeOf(op.getLogits()), dtypeOf(op.getLabels()),
                                positions, classes, op.getIgnoreIndex()};
      });
  table.add<MseOp>([](MseOp op) -> absl::StatusOr<KernelSpec> {
    return MseSpec{dtypeOf(op.getLhs()), shapeNumElements(shapeOf(op.getLhs()))};
  });
}

} // namespace tgc::onednn
