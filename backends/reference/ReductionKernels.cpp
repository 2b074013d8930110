//===- ReductionKernels.cpp - reference evaluation of reductions ----------===//

#include "backends/reference/Kernels.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

enum class Combine { Sum, Mean, Max, Min };

/// The output linear index each input element reduces into.
std::vector<int64_t> reductionIndexMap(ArrayRef<int64_t> inShape,
                                       ArrayRef<int64_t> axes) {
  SmallVector<bool> reduced(inShape.size(), false);
  for (int64_t axis : axes)
    reduced[*normalizeAxis(axis, inShape.size())] = true;
  SmallVector<int64_t> keptShape;
  for (size_t d = 0; d < inShape.size(); ++d)
    keptShape.push_back(reduced[d] ? 1 : inShape[d]);
  SmallVector<int64_t> keptStrides = rowMajorStrides(keptShape);
  std::vector<int64_t> map(numElements(inShape));
  for (int64_t linear = 0; linear < static_cast<int64_t>(map.size()); ++linear) {
    SmallVector<int64_t> index = unravel(linear, inShape);
    int64_t out = 0;
    for (size_t d = 0; d < inShape.size(); ++d)
      if (!reduced[d])
        out += index[d] * keptStrides[d];
    map[linear] = out;
  }
  return map;
}

absl::StatusOr<RefValue> evalReduce(Operation *op, Operands in,
                                    ArrayRef<int64_t> axes, Combine combine) {
  const RefValue &x = *in[0];
  RefValue out = RefValue::zeros(cast<RankedTensorType>(op->getResult(0).getType()));
  std::vector<int64_t> map = reductionIndexMap(x.shape(), axes);
  int64_t count = out.size() == 0 ? 0 : x.size() / out.size();

  if (out.isFloat()) {
    double init = combine == Combine::Max ? -INFINITY
                  : combine == Combine::Min ? INFINITY
                                            : 0.0;
    std::fill(out.floats.begin(), out.floats.end(), init);
    for (int64_t i = 0; i < x.size(); ++i) {
      double &acc = out.floats[map[i]];
      double v = x.floats[i];
      if (combine == Combine::Sum || combine == Combine::Mean)
        acc += v;
      else if (std::isnan(v) || std::isnan(acc))
        acc = NAN;
      else
        acc = combine == Combine::Max ? std::max(acc, v) : std::min(acc, v);
    }
    if (combine == Combine::Mean)
      for (double &v : out.floats)
        v /= static_cast<double>(count);
    return out;
  }

  Type elementType = out.type.getElementType();
  int64_t init = combine == Combine::Max   ? std::numeric_limits<int64_t>::min()
                 : combine == Combine::Min ? std::numeric_limits<int64_t>::max()
                                           : 0;
  std::fill(out.ints.begin(), out.ints.end(), init);
  for (int64_t i = 0; i < x.size(); ++i) {
    int64_t &acc = out.ints[map[i]];
    if (combine == Combine::Sum)
      acc = wrapInteger(static_cast<int64_t>(uint64_t(acc) + uint64_t(x.ints[i])),
                        elementType);
    else
      acc = combine == Combine::Max ? std::max(acc, x.ints[i])
                                    : std::min(acc, x.ints[i]);
  }
  return out;
}

} // namespace

RefValue argReduce(const RefValue &x, int64_t axis, bool largest,
                   RankedTensorType resultType) {
  RefValue out = RefValue::zeros(resultType);
  AxisSplit s = splitAt(x.shape(), *normalizeAxis(axis, x.shape().size()));
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t i = 0; i < s.inner; ++i) {
      int64_t best = 0;
      for (int64_t j = 1; j < s.n; ++j) {
        double candidate = x.asDouble((o * s.n + j) * s.inner + i);
        double current = x.asDouble((o * s.n + best) * s.inner + i);
        if (!x.isFloat()) {
          int64_t c = x.ints[(o * s.n + j) * s.inner + i];
          int64_t b = x.ints[(o * s.n + best) * s.inner + i];
          if (largest ? c > b : c < b)
            best = j;
          continue;
        }
        if (std::isnan(current))
          break;
        if (std::isnan(candidate) ||
            (largest ? candidate > current : candidate < current))
          best = j;
      }
      out.ints[o * s.inner + i] = best;
    }
  }
  return out;
}

void registerReductionKernels(KernelTable &table) {
  table.add<ReduceSumOp>([](ReduceSumOp op, Operands in) {
    return evalReduce(op, in, op.getAxes(), Combine::Sum);
  });
  table.add<ReduceMeanOp>([](ReduceMeanOp op, Operands in) {
    return evalReduce(op, in, op.getAxes(), Combine::Mean);
  });
  table.add<ReduceMaxOp>([](ReduceMaxOp op, Operands in) {
    return evalReduce(op, in, op.getAxes(), Combine::Max);
  });
  table.add<ReduceMinOp>([](ReduceMinOp op, Operands in) {
    return evalReduce(op, in, op.getAxes(), Combine::Min);
  });
  table.add<ArgmaxOp>([](ArgmaxOp op, Operands in) -> absl::StatusOr<RefValue> {
    return argReduce(*in[0], op.getAxis(), /*largest=*/true,
                     cast<RankedTensorType>(op.getType()));
  });
  table.add<ArgminOp>([](ArgminOp op, Operands in) -> absl::StatusOr<RefValue> {
    return argReduce(*in[0], op.getAxis(), /*largest=*/false,
                     cast<RankedTensorType>(op.getType()));
  });
}

} // namespace tgc::reference
