//===- LowerReduction.cpp - reductions and arg-reductions to CPU kernels --===//

#include "backends/onednn/Lowering.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

/// The op's axes in [0, rank); the verifier has checked their range.
std::vector<int64_t> positiveAxes(ArrayRef<int64_t> axes, int64_t rank) {
  std::vector<int64_t> result;
  for (int64_t axis : axes)
    result.push_back(normalizeAxis(axis, rank).value_or(-1));
  return result;
}

template <typename OpT> void addReduce(LoweringTable &table, ReduceFn fn) {
  table.add<OpT>([fn](OpT op) -> absl::StatusOr<KernelSpec> {
    std::vector<int64_t> shape = shapeOf(op.getOperand());
    std::vector<int64_t> axes =
        positiveAxes(op.getAxes(), static_cast<int64_t>(shape.size()));
    return ReduceSpec{fn, dtypeOf(op.getOperand()), std::move(shape),
                      std::move(axes)};
  });
}

template <typename OpT> void addArgReduce(LoweringTable &table, bool largest) {
  table.add<OpT>([largest](OpT op) -> absl::StatusOr<KernelSpec> {
    std::vector<int64_t> shape = shapeOf(op.getOperand());
    int64_t axis = normalizeAxis(op.getAxis(), static_cast<int64_t>(shape.size()))
                       .value_or(-1);
    return ArgReduceSpec{largest, dtypeOf(op.getOperand()), std::move(shape), axis};
  });
}

} // namespace

void registerReductionLowerings(LoweringTable &table) {
  addReduce<ReduceSumOp>(table, ReduceFn::Sum);
  addReduce<ReduceMeanOp>(table, ReduceFn::Mean);
  addReduce<ReduceMaxOp>(table, ReduceFn::Max);
  addReduce<ReduceMinOp>(table, ReduceFn::Min);
  addArgReduce<ArgmaxOp>(table, /*largest=*/true);
  addArgReduce<ArgminOp>(table, /*largest=*/false);
}

} // namespace tgc::onednn
