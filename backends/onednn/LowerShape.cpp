//===- LowerShape.cpp - shape tg ops to CPU data-movement kernels ---------===//
//
// transpose, concat, slice, gather, broadcast_to, iota and one_hot. Reads
// static shapes and attributes (axes normalized to [0, rank)); the verifier
// has already checked them. constant and reshape are handled by the
// compile driver itself.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/Lowering.h"
#include "backends/onednn/kernels/ShapeKernels.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

using KernelOr = absl::StatusOr<std::unique_ptr<Kernel>>;

std::vector<int64_t> toVector(ArrayRef<int64_t> values) {
  return std::vector<int64_t>(values.begin(), values.end());
}

int64_t axisIn(int64_t axis, size_t rank) {
  return normalizeAxis(axis, static_cast<int64_t>(rank)).value_or(0);
}

} // namespace

void registerShapeLowerings(LoweringTable &table) {
  table.add<TransposeOp>([](TransposeOp op) -> KernelOr {
    return nonNull(makeTransposeKernel(dtypeOf(op.getResult()),
                                       shapeOf(op.getOperand()),
                                       toVector(op.getPermutation())),
                   op);
  });
  table.add<ConcatOp>([](ConcatOp op) -> KernelOr {
    std::vector<std::vector<int64_t>> shapes;
    for (Value input : op.getInputs())
      shapes.push_back(shapeOf(input));
    int64_t axis = axisIn(op.getAxis(), shapes.front().size());
    return nonNull(makeConcatKernel(dtypeOf(op.getResult()), std::move(shapes), axis),
                   op);
  });
  table.add<SliceOp>([](SliceOp op) -> KernelOr {
    std::vector<int64_t> inShape = shapeOf(op.getOperand());
    std::vector<int64_t> strides(inShape.size(), 1);
    if (std::optional<ArrayRef<int64_t>> given = op.getStrides())
      strides = toVector(*given);
    return nonNull(makeSliceKernel(dtypeOf(op.getResult()), std::move(inShape),
                                   toVector(op.getStart()), std::move(strides),
                                   shapeOf(op.getResult())),
                   op);
  });
  table.add<GatherOp>([](GatherOp op) -> KernelOr {
    std::vector<int64_t> paramsShape = shapeOf(op.getParams());
    int64_t axis = axisIn(op.getAxis(), paramsShape.size());
    int64_t numIndices = shapeNumElements(shapeOf(op.getIndices()));
    return nonNull(makeGatherKernel(dtypeOf(op.getResult()), dtypeOf(op.getIndices()),
                                    std::move(paramsShape), axis, numIndices),
                   op);
  });
  table.add<BroadcastToOp>([](BroadcastToOp op) -> KernelOr {
    return nonNull(makeBroadcastToKernel(dtypeOf(op.getResult()),
                                         shapeOf(op.getOperand()),
                                         shapeOf(op.getResult())),
                   op);
  });
  table.add<IotaOp>([](IotaOp op) -> KernelOr {
    return nonNull(makeIotaKernel(dtypeOf(op.getResult()), shapeOf(op.getResult()),
                                  op.getDimension()),
                   op);
  });
  table.add<OneHotOp>([](OneHotOp op) -> KernelOr {
    return nonNull(makeOneHotKernel(dtypeOf(op.getResult()), dtypeOf(op.getIndices()),
                                    shapeNumElements(shapeOf(op.getIndices())),
                                    op.getDepth()),
                   op);
  });
}

} // namespace tgc::onednn
