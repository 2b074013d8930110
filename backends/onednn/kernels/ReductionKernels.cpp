//===- ReductionKernels.cpp - reductions and arg-reductions on the CPU ----===//
//
// The factory collapses the shape: size-1 axes are dropped and adjacent axes
// that are all reduced (or all kept) merge. With one reduced group the
// tensor is [outer, R, inner]: a contiguous row loop when inner is 1, else
// a loop that accumulates a block of inner columns at once, reading each
// row of R contiguously. Any other pattern (reduced, kept, reduced, ...)
// gathers through offset tables built once in the factory.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/ReductionKernels.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace tgc::onednn {
namespace {

constexpr int64_t kParallelThreshold = 1 << 14;
constexpr int64_t kBlock = 64;

/// Accumulation of one reduction: Acc holds the running value, add() folds
/// in one element, finish() produces the result from `count` elements.
template <typename T, ReduceFn F> struct Reducer {
  // Float sums in double; integer sums in uint64 so that overflow wraps
  // (truncating to T then wraps like the reference's per-step wrap).
  using Acc = std::conditional_t<F == ReduceFn::Sum || F == ReduceFn::Mean,
                                 std::conditional_t<std::is_floating_point_v<T>,
                                                    double, uint64_t>,
                                 T>;
  static Acc init() {
    if constexpr (F == ReduceFn::Max)
      return std::is_floating_point_v<T> ? -std::numeric_limits<T>::infinity()
                                         : std::numeric_limits<T>::lowest();
    else if constexpr (F == ReduceFn::Min)
      return std::is_floating_point_v<T> ? std::numeric_limits<T>::infinity()
                                         : std::numeric_limits<T>::max();
    else
      return Acc(0);
  }
  static void add(Acc &acc, T v) {
    if constexpr (F == ReduceFn::Sum || F == ReduceFn::Mean) {
      acc += static_cast<Acc>(v);
    } else if constexpr (std::is_floating_point_v<T>) {
      // NaN if any element is NaN.
      bool better = F == ReduceFn::Max ? v > acc : v < acc;
      acc = (v != v || acc != acc) ? std::numeric_limits<T>::quiet_NaN()
                                   : (better ? v : acc);
    } else {
      acc = (F == ReduceFn::Max ? v > acc : v < acc) ? v : acc;
    }
  }
  static T finish(Acc acc, int64_t count) {
    if constexpr (F == ReduceFn::Mean)
      return static_cast<T>(acc / static_cast<double>(count));
    else
      return static_cast<T>(acc);
  }
};

/// A reduction over the shape collapsed to [outer, R, inner] or, in general,
/// to output positions x reduced positions through offset tables.
struct ReducePlan {
  int64_t outer = 1, reduced = 1, inner = 1;
  bool general = false;
  std::vector<int64_t> outBase;      // general: input offset of each output
  std::vector<int64_t> reducedOffset; // general: offsets of reduced elements
};

ReducePlan planReduction(const std::vector<int64_t> &shape,
                         const std::vector<int64_t> &axes) {
  std::vector<bool> isReduced(shape.size(), false);
  for (int64_t a : axes)
    isReduced[a] = true;
  struct Group { int64_t size; bool reduced; };
  std::vector<Group> groups;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1)
      continue;
    if (!groups.empty() && groups.back().reduced == isReduced[d])
      groups.back().size *= shape[d];
    else
      groups.push_back({shape[d], isReduced[d]});
  }
  ReducePlan plan;
  int reducedGroups = 0;
  for (const Group &g : groups)
    reducedGroups += g.reduced;
  if (reducedGroups <= 1) {
    int64_t *slot = &plan.outer;
    for (const Group &g : groups) {
      if (g.reduced) {
        plan.reduced = g.size;
        slot = &plan.inner;
      } else {
        *slot *= g.size;
      }
    }
    return plan;
  }
  // General: strides of the collapsed groups, then every output position's
  // base offset and every reduced position's offset.
  plan.general = true;
  std::vector<int64_t> strides(groups.size(), 1);
  for (int64_t g = static_cast<int64_t>(groups.size()) - 2; g >= 0; --g)
    strides[g] = strides[g + 1] * groups[g + 1].size;
  auto offsets = [&](bool reduced) {
    std::vector<int64_t> result = {0};
    for (size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].reduced != reduced)
        continue;
      std::vector<int64_t> next;
      next.reserve(result.size() * groups[g].size);
      for (int64_t base : result)
        for (int64_t k = 0; k < groups[g].size; ++k)
          next.push_back(base + k * strides[g]);
      result = std::move(next);
    }
    return result;
  };
  plan.outBase = offsets(false);
  plan.reducedOffset = offsets(true);
  plan.reduced = static_cast<int64_t>(plan.reducedOffset.size());
  return plan;
}

template <typename T, ReduceFn F> class ReduceKernel : public Kernel {
  using R = Reducer<T, F>;
  using Acc = typename R::Acc;

public:
  explicit ReduceKernel(ReducePlan plan) : plan_(std::move(plan)) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *x = in[0].as<T>();
    T *y = out[0].as<T>();
    const int64_t n = plan_.reduced;
    if (plan_.general) {
      const int64_t outSize = static_cast<int64_t>(plan_.outBase.size());
      const int64_t *base = plan_.outBase.data();
      const int64_t *offset = plan_.reducedOffset.data();
#pragma omp parallel for schedule(static) if (outSize > 1 && outSize * n > kParallelThreshold)
      for (int64_t o = 0; o < outSize; ++o) {
        const T *p = x + base[o];
        Acc acc = R::init();
        for (int64_t k = 0; k < n; ++k)
          R::add(acc, p[offset[k]]);
        y[o] = R::finish(acc, n);
      }
      return absl::OkStatus();
    }
    const int64_t outer = plan_.outer, inner = plan_.inner;
    const bool parallel = outer * n * inner > kParallelThreshold;
    if (inner == 1) {
#pragma omp parallel for schedule(static) if (parallel && outer > 1)
      for (int64_t o = 0; o < outer; ++o)
        y[o] = reduceRow(x + o * n, n);
      return absl::OkStatus();
    }
    const int64_t blocks = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (parallel && outer * blocks > 1)
    for (int64_t t = 0; t < outer * blocks; ++t) {
      int64_t o = t / blocks, i0 = (t % blocks) * kBlock;
      int64_t width = std::min(kBlock, inner - i0);
      Acc acc[kBlock];
      for (int64_t i = 0; i < width; ++i)
        acc[i] = R::init();
      const T *p = x + o * n * inner + i0;
      for (int64_t r = 0; r < n; ++r, p += inner)
        for (int64_t i = 0; i < width; ++i)
          R::add(acc[i], p[i]);
      T *q = y + o * inner + i0;
      for (int64_t i = 0; i < width; ++i)
        q[i] = R::finish(acc[i], n);
    }
    return absl::OkStatus();
  }

private:
  static T reduceRow(const T *p, int64_t n) {
    Acc acc = R::init();
    if constexpr (std::is_same_v<Acc, double>) {
#pragma omp simd reduction(+ : acc)
      for (int64_t k = 0; k < n; ++k)
        acc += p[k];
    } else {
      for (int64_t k = 0; k < n; ++k)
        R::add(acc, p[k]);
    }
    return R::finish(acc, n);
  }

  ReducePlan plan_;
};

template <typename T>
std::unique_ptr<Kernel> makeReduce(ReduceFn fn, ReducePlan plan) {
  switch (fn) {
  case ReduceFn::Sum: return std::make_unique<ReduceKernel<T, ReduceFn::Sum>>(std::move(plan));
  case ReduceFn::Mean:
    if constexpr (std::is_floating_point_v<T>)
      return std::make_unique<ReduceKernel<T, ReduceFn::Mean>>(std::move(plan));
    return nullptr;
  case ReduceFn::Max: return std::make_unique<ReduceKernel<T, ReduceFn::Max>>(std::move(plan));
  case ReduceFn::Min: return std::make_unique<ReduceKernel<T, ReduceFn::Min>>(std::move(plan));
  }
  return nullptr;
}

/// Whether `candidate` replaces `best` as the arg-reduction's choice: a NaN
/// best is final, a NaN candidate wins, otherwise strictly better wins (so
/// the first of equal elements stays).
template <typename T> inline bool replaces(T candidate, T best, bool largest) {
  if constexpr (std::is_floating_point_v<T>) {
    if (best != best)
      return false;
    if (candidate != candidate)
      return true;
  }
  return largest ? candidate > best : candidate < best;
}

template <typename T> class ArgReduceKernel : public Kernel {
public:
  ArgReduceKernel(bool largest, int64_t outer, int64_t n, int64_t inner)
      : largest_(largest), outer_(outer), n_(n), inner_(inner) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *x = in[0].as<T>();
    int64_t *y = out[0].as<int64_t>();
    const int64_t outer = outer_, n = n_, inner = inner_;
    const bool largest = largest_;
    const bool parallel = outer * n * inner > kParallelThreshold;
    if (inner == 1) {
#pragma omp parallel for schedule(static) if (parallel && outer > 1)
      for (int64_t o = 0; o < outer; ++o) {
        const T *p = x + o * n;
        int64_t best = 0;
        for (int64_t j = 1; j < n; ++j)
          if (replaces(p[j], p[best], largest))
            best = j;
        y[o] = best;
      }
      return absl::OkStatus();
    }
    const int64_t blocks = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (parallel && outer * blocks > 1)
    for (int64_t t = 0; t < outer * blocks; ++t) {
      int64_t o = t / blocks, i0 = (t % blocks) * kBlock;
      int64_t width = std::min(kBlock, inner - i0);
      const T *p = x + o * n * inner + i0;
      T bestValue[kBlock];
      int64_t bestIndex[kBlock];
      for (int64_t i = 0; i < width; ++i) {
        bestValue[i] = p[i];
        bestIndex[i] = 0;
      }
      for (int64_t j = 1; j < n; ++j) {
        const T *row = p + j * inner;
        for (int64_t i = 0; i < width; ++i) {
          if (replaces(row[i], bestValue[i], largest)) {
            bestValue[i] = row[i];
            bestIndex[i] = j;
          }
        }
      }
      int64_t *q = y + o * inner + i0;
      for (int64_t i = 0; i < width; ++i)
        q[i] = bestIndex[i];
    }
    return absl::OkStatus();
  }

private:
  bool largest_;
  int64_t outer_, n_, inner_;
};

} // namespace

std::unique_ptr<Kernel> makeReduceKernel(ReduceFn fn, DType dtype,
                                         std::vector<int64_t> inShape,
                                         std::vector<int64_t> axes) {
  for (int64_t a : axes)
    if (a < 0 || a >= static_cast<int64_t>(inShape.size()))
      return nullptr;
  ReducePlan plan = planReduction(inShape, axes);
  switch (dtype) {
  case DType::F32: return makeReduce<float>(fn, std::move(plan));
  case DType::I32: return makeReduce<int32_t>(fn, std::move(plan));
  case DType::I64: return makeReduce<int64_t>(fn, std::move(plan));
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeArgReduceKernel(bool largest, DType dtype,
                                            std::vector<int64_t> inShape,
                                            int64_t axis) {
  if (axis < 0 || axis >= static_cast<int64_t>(inShape.size()) || inShape[axis] == 0)
    return nullptr;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= inShape[d];
  for (size_t d = axis + 1; d < inShape.size(); ++d)
    inner *= inShape[d];
  int64_t n = inShape[axis];
  switch (dtype) {
  case DType::F32: return std::make_unique<ArgReduceKernel<float>>(largest, outer, n, inner);
  case DType::I32: return std::make_unique<ArgReduceKernel<int32_t>>(largest, outer, n, inner);
  case DType::I64: return std::make_unique<ArgReduceKernel<int64_t>>(largest, outer, n, inner);
  default: return nullptr;
  }
}

} // namespace tgc::onednn
