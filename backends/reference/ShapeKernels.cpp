//===- ShapeKernels.cpp - reference evaluation of data-movement ops -------===//
//
// constant, reshape, transpose, concat, slice, gather, broadcast_to, iota,
// one_hot: they move or create elements without arithmetic.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

/// out[k] = in[map[k]] for every output element, float or integer alike.
RefValue gatherElements(const RefValue &in, RankedTensorType type,
                        const std::vector<int64_t> &map) {
  RefValue out = RefValue::zeros(type);
  for (int64_t k = 0; k < out.size(); ++k) {
    if (out.isFloat())
      out.floats[k] = in.floats[map[k]];
    else
      out.ints[k] = in.ints[map[k]];
  }
  return out;
}

absl::StatusOr<RefValue> evalConstant(ConstantOp op, Operands) {
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  if (!dense)
    return evaluationError(op, "the reference backend reads only dense "
                               "constants");
  RefValue out = RefValue::zeros(op.getType());
  if (out.isFloat()) {
    int64_t k = 0;
    for (APFloat v : dense.getValues<APFloat>())
      out.floats[k++] = v.convertToDouble();
  } else {
    bool isBool = out.type.getElementType().isInteger(1);
    int64_t k = 0;
    for (APInt v : dense.getValues<APInt>())
      out.ints[k++] = isBool ? v.getZExtValue() : v.getSExtValue();
  }
  return out;
}

absl::StatusOr<RefValue> evalTranspose(TransposeOp op, Operands in) {
  const RefValue &x = *in[0];
  ArrayRef<int64_t> perm = op.getPermutation();
  SmallVector<int64_t> inStrides = rowMajorStrides(x.shape());
  RankedTensorType type = op.getType();
  std::vector<int64_t> map(type.getNumElements());
  for (int64_t k = 0; k < static_cast<int64_t>(map.size()); ++k) {
    SmallVector<int64_t> index = unravel(k, type.getShape());
    int64_t from = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      from += index[d] * inStrides[perm[d]];
    map[k] = from;
  }
  return gatherElements(x, type, map);
}

absl::StatusOr<RefValue> evalConcat(ConcatOp op, Operands in) {
  RefValue out = RefValue::zeros(op.getType());
  int64_t axis = *normalizeAxis(op.getAxis(), out.shape().size());
  AxisSplit outSplit = splitAt(out.shape(), axis);
  int64_t offset = 0; // position along axis where the next input starts
  for (const RefValue *input : in) {
    AxisSplit s = splitAt(input->shape(), axis);
    for (int64_t o = 0; o < s.outer; ++o)
      for (int64_t j = 0; j < s.n; ++j)
        for (int64_t i = 0; i < s.inner; ++i) {
          int64_t from = (o * s.n + j) * s.inner + i;
          int64_t to = (o * outSplit.n + offset + j) * outSplit.inner + i;
          if (out.isFloat())
            out.floats[to] = input->floats[from];
          else
            out.ints[to] = input->ints[from];
        }
    offset += s.n;
  }
  return out;
}

absl::StatusOr<RefValue> evalSlice(SliceOp op, Operands in) {
  const RefValue &x = *in[0];
  ArrayRef<int64_t> start = op.getStart();
  SmallVector<int64_t> strides(x.shape().size(), 1);
  if (std::optional<ArrayRef<int64_t>> given = op.getStrides())
    strides.assign(given->begin(), given->end());
  SmallVector<int64_t> inStrides = rowMajorStrides(x.shape());
  RankedTensorType type = op.getType();
  std::vector<int64_t> map(type.getNumElements());
  for (int64_t k = 0; k < static_cast<int64_t>(map.size()); ++k) {
    SmallVector<int64_t> index = unravel(k, type.getShape());
    int64_t from = 0;
    for (size_t d = 0; d < index.size(); ++d)
      from += (start[d] + index[d] * strides[d]) * inStrides[d];
    map[k] = from;
  }
  return gatherElements(x, type, map);
}

absl::StatusOr<RefValue> evalGather(GatherOp op, Operands in) {
  const RefValue &params = *in[0], &indices = *in[1];
  int64_t axis = *normalizeAxis(op.getAxis(), params.shape().size());
  AxisSplit s = splitAt(params.shape(), axis);
  std::vector<int64_t> map;
  map.reserve(op.getType().getNumElements());
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t k = 0; k < indices.size(); ++k) {
      int64_t index = indices.ints[k];
      if (index < 0 || index >= s.n)
        return evaluationError(
            op, "index " + std::to_string(index) + " at position " +
                    std::to_string(k) + " of indices is out of range [0, " +
                    std::to_string(s.n) + ") for axis " + std::to_string(axis) +
                    " of params");
      for (int64_t i = 0; i < s.inner; ++i)
        map.push_back((o * s.n + index) * s.inner + i);
    }
  return gatherElements(params, op.getType(), map);
}

absl::StatusOr<RefValue> evalIota(IotaOp op, Operands) {
  RefValue out = RefValue::zeros(op.getType());
  for (int64_t k = 0; k < out.size(); ++k) {
    int64_t i = unravel(k, out.shape())[op.getDimension()];
    if (out.isFloat())
      out.floats[k] = static_cast<double>(i);
    else
      out.ints[k] = wrapInteger(i, out.type.getElementType());
  }
  return out;
}

absl::StatusOr<RefValue> evalOneHot(OneHotOp op, Operands in) {
  const RefValue &indices = *in[0];
  RefValue out = RefValue::zeros(op.getType());
  int64_t depth = op.getDepth();
  for (int64_t k = 0; k < indices.size(); ++k) {
    int64_t c = indices.ints[k];
    if (c < 0 || c >= depth)
      continue; // an all-zero row, as documented
    if (out.isFloat())
      out.floats[k * depth + c] = 1.0;
    else
      out.ints[k * depth + c] = 1;
  }
  return out;
}

} // namespace

void registerShapeKernels(KernelTable &table) {
  table.add<ConstantOp>(evalConstant);
  table.add<ReshapeOp>([](ReshapeOp op, Operands in) -> absl::StatusOr<RefValue> {
    RefValue out = *in[0];
    out.type = op.getType();
    return out;
  });
  table.add<TransposeOp>(evalTranspose);
  table.add<ConcatOp>(evalConcat);
  table.add<SliceOp>(evalSlice);
  table.add<GatherOp>(evalGather);
  table.add<BroadcastToOp>(
      [](BroadcastToOp op, Operands in) -> absl::StatusOr<RefValue> {
        return gatherElements(
            *in[0], op.getType(),
            broadcastIndexMap(in[0]->shape(), op.getType().getShape()));
      });
  table.add<IotaOp>(evalIota);
  table.add<OneHotOp>(evalOneHot);
}

} // namespace tgc::reference
