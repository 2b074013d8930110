//===- LossKernels.cpp - cross-entropy and mean squared error -------------===//
//
// Both losses are parallel reductions to one double: per-position terms
// are computed in f32 where that loses nothing measurable (exp of a shifted
// logit) and summed in double, so the mean of many small losses keeps its
// relative accuracy.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/LossKernels.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tgc::onednn {
namespace {

constexpr int64_t kParallelThreshold = 1 << 14;

template <typename L> class CrossEntropyKernel : public Kernel {
public:
  CrossEntropyKernel(int64_t positions, int64_t classes,
                     std::optional<int64_t> ignoreIndex)
      : positions_(positions), classes_(classes), ignoreIndex_(ignoreIndex) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *logits = in[0].as<float>();
    const L *labels = in[1].as<L>();
    const int64_t positions = positions_, classes = classes_;
    const bool hasIgnore = ignoreIndex_.has_value();
    const int64_t ignore = ignoreIndex_.value_or(0);
    double total = 0;
    int64_t kept = 0;
    // The first position (in order) with a kept label out of range.
    int64_t firstBad = positions;
#pragma omp parallel for schedule(static) reduction(+ : total, kept) \
    reduction(min : firstBad) if (positions > 1 && positions * classes > kParallelThreshold)
    for (int64_t p = 0; p < positions; ++p) {
      int64_t label = static_cast<int64_t>(labels[p]);
      if (hasIgnore && label == ignore)
        continue;
      if (label < 0 || label >= classes) {
        firstBad = std::min(firstBad, p);
        continue;
      }
      const float *row = logits + p * classes;
      // A NaN logit makes the loss NaN through the sum, as in the reference.
      float m = -INFINITY;
      for (int64_t c = 0; c < classes; ++c)
        m = row[c] > m ? row[c] : m;
      double sum = 0;
      for (int64_t c = 0; c < classes; ++c)
        sum += std::exp(row[c] - m);
      total += (static_cast<double>(m) - static_cast<double>(row[label])) +
               std::log(sum);
      ++kept;
    }
    if (firstBad < positions)
      return absl::InvalidArgumentError(absl::StrCat(
          "label ", static_cast<int64_t>(labels[firstBad]), " at position ",
          firstBad, " is out of range [0, ", classes, ")"));
    out[0].as<float>()[0] = kept == 0 ? std::numeric_limits<float>::quiet_NaN()
                                      : static_cast<float>(total / kept);
    return absl::OkStatus();
  }

private:
  int64_t positions_, classes_;
  std::optional<int64_t> ignoreIndex_;
};

class MseKernel : public Kernel {
public:
  explicit MseKernel(int64_t n) : n_(n) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *a = in[0].as<float>(), *b = in[1].as<float>();
    const int64_t n = n_;
    double total = 0;
#pragma omp parallel for simd schedule(static) reduction(+ : total) if (n > kParallelThreshold)
    for (int64_t i = 0; i < n; ++i) {
      double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
      total += d * d;
    }
    out[0].as<float>()[0] = static_cast<float>(total / static_cast<double>(n));
    return absl::OkStatus();
  }

private:
  int64_t n_;
};

} // namespace

std::unique_ptr<Kernel> makeCrossEntropyKernel(DType logitsType, DType labelsType,
                                               int64_t positions, int64_t classes,
                                               std::optional<int64_t> ignoreIndex) {
  if (logitsType != DType::F32)
    return nullptr;
  if (labelsType == DType::I32)
    return std::make_unique<CrossEntropyKernel<int32_t>>(positions, classes, ignoreIndex);
  if (labelsType == DType::I64)
    return std::make_unique<CrossEntropyKernel<int64_t>>(positions, classes, ignoreIndex);
  return nullptr;
}

std::unique_ptr<Kernel> makeMseKernel(DType dtype, int64_t numElements) {
  if (dtype != DType::F32)
    return nullptr;
  return std::make_unique<MseKernel>(numElements);
}

} // namespace tgc::onednn
