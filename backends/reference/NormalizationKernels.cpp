//===- NormalizationKernels.cpp - softmax, log_softmax, layer_norm --------===//

#include "backends/reference/Kernels.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include <cmath>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {

RefValue softmax(const RefValue &x, int64_t axis, bool logarithm) {
  RefValue out = RefValue::zeros(x.type);
  AxisSplit s = splitAt(x.shape(), *normalizeAxis(axis, x.shape().size()));
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t i = 0; i < s.inner; ++i) {
      auto at = [&](int64_t j) { return (o * s.n + j) * s.inner + i; };
      double m = -INFINITY;
      for (int64_t j = 0; j < s.n; ++j)
        m = std::isnan(x.floats[at(j)]) ? NAN : std::max(m, x.floats[at(j)]);
      double sum = 0;
      for (int64_t j = 0; j < s.n; ++j)
        sum += std::exp(x.floats[at(j)] - m);
      for (int64_t j = 0; j < s.n; ++j)
        out.floats[at(j)] = logarithm ? (x.floats[at(j)] - m) - std::log(sum)
                                      : std::exp(x.floats[at(j)] - m) / sum;
    }
  }
  return out;
}

RefValue layerNorm(const RefValue &x, const RefValue *scale,
                   const RefValue *bias, int64_t axisAttr, double epsilon) {
  RefValue out = RefValue::zeros(x.type);
  int64_t axis = *normalizeAxis(axisAttr, x.shape().size());
  int64_t n = numElements(x.shape().drop_front(axis));
  int64_t rows = n == 0 ? 0 : x.size() / n;
  for (int64_t r = 0; r < rows; ++r) {
    const double *row = &x.floats[r * n];
    double mean = 0;
    for (int64_t j = 0; j < n; ++j)
      mean += row[j];
    mean /= static_cast<double>(n);
    double var = 0;
    for (int64_t j = 0; j < n; ++j)
      var += (row[j] - mean) * (row[j] - mean);
    var /= static_cast<double>(n);
    double invStd = 1.0 / std::sqrt(var + epsilon);
    for (int64_t j = 0; j < n; ++j) {
      double y = (row[j] - mean) * invStd;
      if (scale)
        y *= scale->floats[j];
      if (bias)
        y += bias->floats[j];
      out.floats[r * n + j] = y;
    }
  }
  return out;
}

namespace {

absl::StatusOr<RefValue> evalLayerNorm(LayerNormOp op, Operands in) {
  // Optional operands are present in order: scale, then bias.
  const RefValue *scale = op.getScale() ? in[1] : nullptr;
  const RefValue *bias = op.getBias() ? in[op.getScale() ? 2 : 1] : nullptr;
  return layerNorm(*in[0], scale, bias, op.getAxis(),
                   op.getEpsilon().convertToDouble());
}

} // namespace

void registerNormalizationKernels(KernelTable &table) {
  table.add<SoftmaxOp>([](SoftmaxOp op, Operands in) -> absl::StatusOr<RefValue> {
    return softmax(*in[0], op.getAxis(), /*logarithm=*/false);
  });
  table.add<LogSoftmaxOp>([](LogSoftmaxOp op, Operands in) -> absl::StatusOr<RefValue> {
    return softmax(*in[0], op.getAxis(), /*logarithm=*/true);
  });
  table.add<LayerNormOp>(evalLayerNorm);
}

} // namespace tgc::reference
