//===- LowerNormalization.cpp - softmax and layer norm to CPU kernels -----===//

#include "backends/onednn/Lowering.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

/// `axis` in [0, rank); the verifier has checked it is in [-rank, rank).
int64_t positiveAxis(int64_t axis, Value value) {
  int64_t rank = static_cast<int64_t>(shapeOf(value).size());
  return normalizeAxis(axis, rank).value_or(-1);
}

template <typename OpT>
void addSoftmax(LoweringTable &table, bool logarithm) {
  table.add<OpT>([logarithm](OpT op) -> absl::StatusOr<KernelSpec> {
    return SoftmaxSpec{dtypeOf(op.getResult()), shapeOf(op.getOperand()),
                       positiveAxis(op.getAxis(), op.getOperand()), logarithm};
  });
}

} // namespace

void registerNormalizationLowerings(LoweringTable &table) {
  addSoftmax<SoftmaxOp>(table, /*logarithm=*/false);
  addSoftmax<LogSoftmaxOp>(table, /*logarithm=*/true);
  table.add<LayerNormOp>([](LayerNormOp op) -> absl::StatusOr<KernelSpec> {
    return LayerNormSpec{dtypeOf(op.getResult()), shapeOf(op.getInput()),
                         positiveAxis(op.getAxis(), op.getInput()),
                         op.getEpsilon().convertToDouble(),
                         static_cast<bool>(op.getScale()),
                         static_cast<bool>(op.getBias()), /*addResidual=*/false};
  });
  table.add<AddLayerNormOp>(
      [](AddLayerNormOp op) -> absl::StatusOr<KernelSpec> {
        return LayerNormSpec{dtypeOf(op.getResult()), shapeOf(op.getInput()),
                             positiveAxis(op.getAxis(), op.getInput()),
                             op.getEpsilon().convertToDouble(),
                             static_cast<bool>(op.getScale()),
                             static_cast<bool>(op.getBias()), /*addResidual=*/true};
      });
}

} // namespace tgc::onednn
