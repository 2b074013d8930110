//===- LossKernels.cpp - cross_entropy and mse -----------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"

#include <cmath>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

absl::StatusOr<RefValue> evalCrossEntropy(CrossEntropyOp op, Operands in) {
  const RefValue &logits = *in[0], &labels = *in[1];
  int64_t classes = logits.shape().back();
  std::optional<int64_t> ignore = op.getIgnoreIndex();
  double total = 0;
  int64_t kept = 0;
  for (int64_t p = 0; p < labels.size(); ++p) {
    int64_t label = labels.ints[p];
    if (ignore && label == *ignore)
      continue;
    if (label < 0 || label >= classes)
      return evaluationError(op, "label " + std::to_string(label) +
                                     " at position " + std::to_string(p) +
                                     " is out of range [0, " +
                                     std::to_string(classes) + ")");
    const double *row = &logits.floats[p * classes];
    double m = -INFINITY;
    for (int64_t c = 0; c < classes; ++c)
      m = std::max(m, row[c]);
    double sum = 0;
    for (int64_t c = 0; c < classes; ++c)
      sum += std::exp(row[c] - m);
    total += m + std::log(sum) - row[label];
    ++kept;
  }
  RefValue out = RefValue::zeros(op.getType());
  out.floats[0] = kept == 0 ? NAN : total / static_cast<double>(kept);
  return out;
}

absl::StatusOr<RefValue> evalMse(MseOp op, Operands in) {
  const RefValue &a = *in[0], &b = *in[1];
  double total = 0;
  for (int64_t k = 0; k < a.size(); ++k)
    total += (a.floats[k] - b.floats[k]) * (a.floats[k] - b.floats[k]);
  RefValue out = RefValue::zeros(op.getType());
  out.floats[0] = total / static_cast<double>(a.size());
  return out;
}

} // namespace

void registerLossKernels(KernelTable &table) {
  table.add<CrossEntropyOp>(evalCrossEntropy);
  table.add<MseOp>(evalMse);
}

} // namespace tgc::reference
