//===- LowerShape.cpp - shape tg ops to CPU data-movement kernels ---------===//
//
// transpose, concat, slice, gather, broadcast_to, iota and one_hot. Reads
// static shapes and attributes (axes normalized to [0, rank)); the verifier
// has already checked them. constant and reshape are handled by the
// compile driver itself.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/Lowering.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

using SpecOr = absl::StatusOr<KernelSpec>;

std::vector<int64_t> toVector(ArrayRef<int64_t> values) {
  return std::vector<int64_t>(values.begin(), values.end());
}

int64_t axisIn(int64_t axis, size_t rank) {
  return normalizeAxis(axis, static_cast<int64_t>(rank)).value_or(0);
}

} // namespace

void registerShapeLowerings(LoweringTable &table) {
  table.add<TransposeOp>([](TransposeOp op) -> SpecOr {
    return TransposeSpec{dtypeOf(op.getResult()), shapeOf(op.getOperand()),
                         toVector(op.getPermutation())};
  });
  table.add<ConcatOp>([](ConcatOp op) -> SpecOr {
    std::vector<std::vector<int64_t>> shapes;
    for (Value input : op.getInputs())
      shapes.push_back(shapeOf(input));
    int64_t axis = axisIn(op.getAxis(), shapes.front().size());
    return ConcatSpec{dtypeOf(op.getResult()), std::move(shapes), axis};
  });
  table.add<SliceOp>([](SliceOp op) -> SpecOr {
    std::vector<int64_t> inShape = shapeOf(op.getOperand());
    std::vector<int64_t> strides(inShape.size(), 1);
    if (std::optional<ArrayRef<int64_t>> given = op.getStrides())
      strides = toVector(*given);
    return SliceSpec{dtypeOf(op.getResult()), std::move(inShape),
                     toVector(op.getStart()), std::move(strides),
                     shapeOf(op.getResult())};
  });
  table.add<GatherOp>([](GatherOp op) -> SpecOr {
    std::vector<int64_t> paramsShape = shapeOf(op.getParams());
    int64_t axis = axisIn(op.getAxis(), paramsShape.size());
    int64_t numIndices = shapeNumElements(shapeOf(op.getIndices()));
    return GatherSpec{dtypeOf(op.getResult()), dtypeOf(op.getIndices()),
                      std::move(paramsShape), axis, numIndices};
  });
  table.add<BroadcastToOp>([](BroadcastToOp op) -> SpecOr {
    return BroadcastToSpec{dtypeOf(op.getResult()), shapeOf(op.getOperand()),
                           shapeOf(op.getResult())};
  });
  table.add<IotaOp>([](IotaOp op) -> SpecOr {
    return IotaSpec{dtypeOf(op.getResult()), shapeOf(op.getResult()),
                    op.getDimension()};
  });
  table.add<OneHotOp>([](OneHotOp op) -> SpecOr {
    return OneHotSpec{dtypeOf(op.getResult()), dtypeOf(op.getIndices()),
                      shapeNumElements(shapeOf(op.getIndices())), op.getDepth()};
  });
}

} // namespace tgc::onednn
