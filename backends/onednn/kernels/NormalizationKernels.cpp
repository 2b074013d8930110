//===- NormalizationKernels.cpp - softmax and layer norm CPU kernels ------===//
//
// Hand-written rather than oneDNN's softmax_v2 / layer_normalization: the
// reference's edge cases (an all -inf slice gives NaN, a NaN anywhere in a
// slice gives NaN) and double accumulation over long rows are exact here,
// and a row-parallel loop is already memory-bound at these sizes.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/NormalizationKernels.h"

#include "backends/onednn/kernels/CpuDispatch.h"
#include "backends/onednn/kernels/VectorMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tgc::onednn {
namespace {

/// Work (elements) below which a kernel stays on one thread.
constexpr int64_t kParallelThreshold = 1 << 14;
/// Columns of a strided softmax processed together (one cache line each).
constexpr int64_t kBlock = 64;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// The NaN-propagating maximum of a contiguous row (-inf when empty).
inline float rowMax(const float *x, int64_t n) {
  float m = -INFINITY;
  bool nan = false;
  for (int64_t j = 0; j < n; ++j) {
    nan |= x[j] != x[j];
    m = x[j] > m ? x[j] : m;
  }
  return nan ? kNaN : m;
}

/// sum_j exp(x[j] - m) in double over a contiguous row, also writing the
/// exponentials to y unless it is null. Baseline variant.
double expSumGeneric(const float *x, float *y, int64_t n, float m) {
  double sum = 0;
  for (int64_t j = 0; j < n; ++j) {
    float e = std::exp(x[j] - m);
    if (y)
      y[j] = e;
    sum += e;
  }
  return sum;
}

#if TGC_X86_DISPATCH
/// expSumGeneric with 8 lanes and the polynomial exp (about 1 ulp); the
/// tail is loaded as -inf, whose exponential adds 0.
TGC_TARGET_AVX2 double expSumAvx2(const float *x, float *y, int64_t n, float m) {
  const __m256 max = _mm256_set1_ps(m);
  __m256d low = _mm256_setzero_pd(), high = _mm256_setzero_pd();
  auto add = [&](__m256 e) TGC_TARGET_AVX2 {
    low = _mm256_add_pd(low, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
    high = _mm256_add_pd(high, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
  };
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256 e = expNonPositiveAvx2(_mm256_sub_ps(_mm256_loadu_ps(x + j), max));
    if (y)
      _mm256_storeu_ps(y + j, e);
    add(e);
  }
  if (j < n) {
    const __m256i keep = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n - j)),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m256 tail = _mm256_blendv_ps(_mm256_set1_ps(-INFINITY),
                                         _mm256_maskload_ps(x + j, keep),
                                         _mm256_castsi256_ps(keep));
    const __m256 e = expNonPositiveAvx2(_mm256_sub_ps(tail, max));
    if (y)
      _mm256_maskstore_ps(y + j, keep, e);
    add(e);
  }
  double lanes[4];
  _mm256_storeu_pd(lanes, _mm256_add_pd(low, high));
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}
#endif

using ExpSumFn = double (*)(const float *, float *, int64_t, float);

ExpSumFn hostExpSum() {
#if TGC_X86_DISPATCH
  if (cpuHasAvx2())
    return expSumAvx2;
#endif
  return expSumGeneric;
}

/// softmax over a contiguous row of n elements.
void softmaxRow(ExpSumFn expSum, const float *x, float *y, int64_t n, bool logarithm) {
  float m = rowMax(x, n);
  if (logarithm) {
    float logSum = static_cast<float>(std::log(expSum(x, nullptr, n, m)));
#pragma omp simd
    for (int64_t j = 0; j < n; ++j)
      y[j] = (x[j] - m) - logSum;
    return;
  }
  float inv = static_cast<float>(1.0 / expSum(x, y, n, m));
#pragma omp simd
  for (int64_t j = 0; j < n; ++j)
    y[j] *= inv;
}

/// softmax along a strided axis for `width` adjacent columns: element j of
/// column i is at x[j * stride + i].
void softmaxColumns(const float *x, float *y, int64_t n, int64_t stride,
                    int64_t width, bool logarithm) {
  float m[kBlock];
  double sum[kBlock];
  for (int64_t i = 0; i < width; ++i) {
    m[i] = -INFINITY;
    sum[i] = 0;
  }
  for (int64_t j = 0; j < n; ++j) {
    const float *row = x + j * stride;
    for (int64_t i = 0; i < width; ++i) {
      float v = row[i];
      m[i] = (v != v || m[i] != m[i]) ? kNaN : (v > m[i] ? v : m[i]);
    }
  }
  for (int64_t j = 0; j < n; ++j) {
    const float *row = x + j * stride;
    float *out = y + j * stride;
    for (int64_t i = 0; i < width; ++i) {
      float e = std::exp(row[i] - m[i]);
      if (!logarithm)
        out[i] = e;
      sum[i] += e;
    }
  }
  float scale[kBlock];
  for (int64_t i = 0; i < width; ++i)
    scale[i] = static_cast<float>(logarithm ? std::log(sum[i]) : 1.0 / sum[i]);
  for (int64_t j = 0; j < n; ++j) {
    const float *row = x + j * stride;
    float *out = y + j * stride;
    if (logarithm)
      for (int64_t i = 0; i < width; ++i)
        out[i] = (row[i] - m[i]) - scale[i];
    else
      for (int64_t i = 0; i < width; ++i)
        out[i] *= scale[i];
  }
}

class SoftmaxKernel : public Kernel {
public:
  SoftmaxKernel(std::vector<int64_t> shape, int64_t axis, bool logarithm)
      : logarithm_(logarithm) {
    n_ = shape[axis];
    for (int64_t d = 0; d < axis; ++d)
      outer_ *= shape[d];
    for (size_t d = axis + 1; d < shape.size(); ++d)
      inner_ *= shape[d];
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *x = in[0].as<float>();
    float *y = out[0].as<float>();
    const int64_t n = n_, outer = outer_, inner = inner_;
    const bool logarithm = logarithm_;
    const bool parallel = outer * n * inner > kParallelThreshold;
    if (inner == 1) {
#pragma omp parallel for schedule(static) if (parallel && outer > 1)
      for (int64_t o = 0; o < outer; ++o)
        softmaxRow(expSum_, x + o * n, y + o * n, n, logarithm);
      return absl::OkStatus();
    }
    const int64_t blocks = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (parallel && outer * blocks > 1)
    for (int64_t t = 0; t < outer * blocks; ++t) {
      int64_t o = t / blocks, i0 = (t % blocks) * kBlock;
      int64_t offset = o * n * inner + i0;
      softmaxColumns(x + offset, y + offset, n, inner,
                     std::min(kBlock, inner - i0), logarithm);
    }
    return absl::OkStatus();
  }

private:
  bool logarithm_;
  int64_t outer_ = 1, n_ = 1, inner_ = 1;
  ExpSumFn expSum_ = hostExpSum();
};

/// Normalizes one row whose mean is known: y = (x - mean) * invStd * g + b.
inline void normalizeRow(const float *x, float *y, int64_t n, double mean,
                         double epsilon, const float *scale, const float *bias) {
  double var = 0;
#pragma omp simd reduction(+ : var)
  for (int64_t j = 0; j < n; ++j) {
    double d = x[j] - mean;
    var += d * d;
  }
  var /= static_cast<double>(n);
  float m = static_cast<float>(mean);
  float invStd = static_cast<float>(1.0 / std::sqrt(var + epsilon));
  if (scale && bias) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j)
      y[j] = (x[j] - m) * invStd * scale[j] + bias[j];
  } else if (scale) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j)
      y[j] = (x[j] - m) * invStd * scale[j];
  } else if (bias) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j)
      y[j] = (x[j] - m) * invStd + bias[j];
  } else {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j)
      y[j] = (x[j] - m) * invStd;
  }
}

/// Shared shape logic of layer_norm and add_layer_norm.
class LayerNormBase : public Kernel {
public:
  LayerNormBase(const std::vector<int64_t> &shape, int64_t axis, double epsilon,
                bool hasScale, bool hasBias)
      : epsilon_(epsilon), hasScale_(hasScale), hasBias_(hasBias) {
    for (int64_t d = 0; d < axis; ++d)
      rows_ *= shape[d];
    for (size_t d = axis; d < shape.size(); ++d)
      n_ = n_ * shape[d];
  }

protected:
  /// scale and bias among the inputs, which start at `first`.
  void affine(const std::vector<TensorView> &in, size_t first, const float *&scale,
              const float *&bias) const {
    scale = hasScale_ ? in[first].as<float>() : nullptr;
    bias = hasBias_ ? in[first + (hasScale_ ? 1 : 0)].as<float>() : nullptr;
  }

  double epsilon_;
  bool hasScale_, hasBias_;
  int64_t rows_ = 1, n_ = 1;
};

class LayerNormKernel : public LayerNormBase {
public:
  using LayerNormBase::LayerNormBase;
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *x = in[0].as<float>();
    float *y = out[0].as<float>();
    const float *scale, *bias;
    affine(in, 1, scale, bias);
    const int64_t rows = rows_, n = n_;
    const double epsilon = epsilon_;
    if (n == 0)
      return absl::OkStatus();
#pragma omp parallel for schedule(static) if (rows > 1 && rows * n > kParallelThreshold)
    for (int64_t r = 0; r < rows; ++r) {
      const float *row = x + r * n;
      double sum = 0;
#pragma omp simd reduction(+ : sum)
      for (int64_t j = 0; j < n; ++j)
        sum += row[j];
      normalizeRow(row, y + r * n, n, sum / static_cast<double>(n), epsilon,
                   scale, bias);
    }
    return absl::OkStatus();
  }
};

class AddLayerNormKernel : public LayerNormBase {
public:
  using LayerNormBase::LayerNormBase;
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *a = in[0].as<float>(), *b = in[1].as<float>();
    float *y = out[0].as<float>(), *s = out[1].as<float>();
    const float *scale, *bias;
    affine(in, 2, scale, bias);
    const int64_t rows = rows_, n = n_;
    const double epsilon = epsilon_;
    if (n == 0)
      return absl::OkStatus();
#pragma omp parallel for schedule(static) if (rows > 1 && rows * n > kParallelThreshold)
    for (int64_t r = 0; r < rows; ++r) {
      const float *ra = a + r * n, *rb = b + r * n;
      float *rs = s + r * n;
      double sum = 0;
#pragma omp simd reduction(+ : sum)
      for (int64_t j = 0; j < n; ++j) {
        float v = ra[j] + rb[j];
        rs[j] = v;
        sum += v;
      }
      // The row of sums is still in cache for the two passes that follow.
      normalizeRow(rs, y + r * n, n, sum / static_cast<double>(n), epsilon,
                   scale, bias);
    }
    return absl::OkStatus();
  }
};

} // namespace

std::unique_ptr<Kernel> makeSoftmaxKernel(DType dtype, std::vector<int64_t> shape,
                                          int64_t axis, bool logarithm) {
  if (dtype != DType::F32 || axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return nullptr;
  return std::make_unique<SoftmaxKernel>(std::move(shape), axis, logarithm);
}

std::unique_ptr<Kernel> makeLayerNormKernel(DType dtype, std::vector<int64_t> shape,
                                            int64_t axis, double epsilon,
                                            bool hasScale, bool hasBias) {
  if (dtype != DType::F32 || axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return nullptr;
  return std::make_unique<LayerNormKernel>(shape, axis, epsilon, hasScale, hasBias);
}

std::unique_ptr<Kernel> makeAddLayerNormKernel(DType dtype, std::vector<int64_t> shape,
                                               int64_t axis, double epsilon,
                                               bool hasScale, bool hasBias) {
  if (dtype != DType::F32 || axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return nullptr;
  return std::make_unique<AddLayerNormKernel>(shape, axis, epsilon, hasScale, hasBias);
}

} // namespace tgc::onednn
