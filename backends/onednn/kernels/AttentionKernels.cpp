//===- AttentionKernels.cpp - flash-style attention on the CPU ------------===//
//
// For each (batch·head, tile of kQueryTile queries), over tiles of kKeyTile
// keys:
//   s = q · kᵀ (q pre-scaled), with causal and mask applied
//   m' = max(m, rowmax(s)); p = exp(s - m')
//   l = l * exp(m - m') + rowsum(p); acc = acc * exp(m - m') + p · v
// and finally out = acc / l. The scores are kept transposed, sᵀ
// [kKeyTile keys x kQueryTile queries]: the query tile is transposed (and
// scaled) once into qᵀ [D, kQueryTile], so sᵀ = k_tile · qᵀ reads the keys
// in place, and the softmax's running max, sum and correction run along
// the contiguous query dimension, a vector lane per query. Both products
// (sᵀ = k · qᵀ and acc += (sᵀ)ᵀ · v) are one register-blocked tile GEMM.
// With D = Dv = 64, qᵀ, sᵀ and the accumulator take 48 KiB: L1/L2 resident;
// no buffer grows with the sequence length.
//
// The tile GEMM and the softmax step come in three variants chosen once per
// kernel (CpuDispatch.h): AVX-512 and AVX2 + FMA intrinsics, each with a
// polynomial exp (Cephes expf: about 1 ulp on [-87.3, 88.7], exactly 1 at
// 0, 0 below), and plain loops built for baseline x86-64. The AVX2 variant
// keeps the scores in log2 units (q and additive masks pre-scaled by
// log2 e) and exponentiates base 2 (Cephes exp2f, about 1.5 ulp), which
// saves the exp's ln 2 range reduction: 4% of the kernel at seq 512.
//
// Masked keys (causal, i1 false, or an additive -inf) get exactly zero
// weight: a column whose running max is still -inf is exponentiated
// against 0, and exp(-inf) is 0. A row with every key masked ends with
// l = 0 and is NaN (0/0), as the reference's softmax of an all -inf row.
// Keys past the last query of a tile are skipped entirely when causal.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/AttentionKernels.h"

#include "backends/onednn/kernels/CpuDispatch.h"
#include "backends/onednn/kernels/DnnlContext.h"
#include "backends/onednn/kernels/VectorMath.h"

#include <omp.h>

#if TGC_X86_DISPATCH
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>

namespace tgc::onednn {
namespace {

constexpr int64_t kQueryTile = 64;
constexpr int64_t kKeyTile = 64;
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

int64_t product(const std::vector<int64_t> &dims, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t d = from; d < to; ++d)
    p *= dims[d];
  return p;
}

/// The two hot steps of a key tile, in one ISA's variant.
struct TileOps {
  /// c[m x n] (row stride ldc) = (accumulate ? c : 0) + a · b, where
  /// a[i][p] = a[i * aRow + p * aCol] (m x k) and b[p][j] = b[p * ldb + j].
  void (*gemm)(int64_t m, int64_t n, int64_t k, const float *a, int64_t aRow,
               int64_t aCol, const float *b, int64_t ldb, float *c, int64_t ldc,
               bool accumulate);
  /// The online-softmax step over sᵀ [nk x nq] (row stride kQueryTile), per
  /// query column r (exp is base 2 when scoreUnit is log2 e):
  /// m' = max(runMax[r], max_j s[j][r]); s = exp(s - m')
  /// in place; correction[r] = exp(runMax[r] - m');
  /// runSum[r] = runSum[r] * correction[r] + sum_j s[j][r]; runMax[r] = m'.
  /// A column still all -inf exponentiates against 0 (everything 0).
  /// The three arrays hold kQueryTile entries.
  void (*softmaxStep)(float *sT, int64_t nk, int64_t nq, float *runMax,
                      float *runSum, float *correction);
  /// The units of the scores softmaxStep takes: 1 when it exponentiates
  /// base e, log2 e when base 2 (exp(s) = 2^(s·log2 e)).
  float scoreUnit;
};

//===----------------------------------------------------------------------===//
// Baseline variant: plain loops (vectorized for AVX2 and AVX-512 clones).
//===----------------------------------------------------------------------===//

TGC_CLONES void gemmGeneric(int64_t m, int64_t n, int64_t k, const float *a,
                            int64_t aRow, int64_t aCol, const float *b,
                            int64_t ldb, float *c, int64_t ldc, bool accumulate) {
  for (int64_t i = 0; i < m; ++i) {
    float *ci = c + i * ldc;
    if (!accumulate)
      std::fill(ci, ci + n, 0.0f);
    for (int64_t p = 0; p < k; ++p) {
      const float aip = a[i * aRow + p * aCol];
      const float *bp = b + p * ldb;
#pragma omp simd
      for (int64_t j = 0; j < n; ++j)
        ci[j] += aip * bp[j];
    }
  }
}

void softmaxStepGeneric(float *sT, int64_t nk, int64_t nq, float *runMax,
                        float *runSum, float *correction) {
  for (int64_t r = 0; r < nq; ++r) {
    float tileMax = kNegInf;
    for (int64_t j = 0; j < nk; ++j)
      tileMax = std::max(tileMax, sT[j * kQueryTile + r]);
    const float newMax = std::max(runMax[r], tileMax);
    const float base = newMax == kNegInf ? 0.0f : newMax;
    float sum = 0.0f;
    for (int64_t j = 0; j < nk; ++j) {
      float &e = sT[j * kQueryTile + r];
      e = std::exp(e - base);
      sum += e;
    }
    correction[r] = std::exp(runMax[r] - base);
    runSum[r] = runSum[r] * correction[r] + sum;
    runMax[r] = newMax;
  }
}

constexpr TileOps kGenericOps{gemmGeneric, softmaxStepGeneric, 1.0f};

//===----------------------------------------------------------------------===//
// AVX-512 variant.
//===----------------------------------------------------------------------===//

#if TGC_X86_DISPATCH
// GCC 12 warns on _mm512_undefined_ps inside the intrinsics' headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"


/// MR rows x NV vectors of c in registers over the whole k loop; the last
/// vector's columns are `last` (a lane mask).
template <int MR, int NV>
TGC_TARGET_AVX512 void microKernelAvx512(int64_t k, const float *a, int64_t aRow,
                                         int64_t aCol, const float *b, int64_t ldb,
                                         float *c, int64_t ldc, __mmask16 last,
                                         bool accumulate) {
  __m512 acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      acc[i][v] = !accumulate     ? _mm512_setzero_ps()
                  : v == NV - 1 ? _mm512_maskz_loadu_ps(last, c + i * ldc + 16 * v)
                                : _mm512_loadu_ps(c + i * ldc + 16 * v);
  for (int64_t p = 0; p < k; ++p) {
    const float *bp = b + p * ldb;
    __m512 bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      bv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, bp + 16 * v)
                          : _mm512_loadu_ps(bp + 16 * v);
    const float *ap = a + p * aCol;
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const __m512 ai = _mm512_set1_ps(ap[i * aRow]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v)
        acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      if (v == NV - 1)
        _mm512_mask_storeu_ps(c + i * ldc + 16 * v, last, acc[i][v]);
      else
        _mm512_storeu_ps(c + i * ldc + 16 * v, acc[i][v]);
    }
}

template <int MR>
TGC_TARGET_AVX512 void rowBlockAvx512(int nv, int64_t k, const float *a, int64_t aRow,
                                      int64_t aCol, const float *b, int64_t ldb, float *c,
                                      int64_t ldc, __mmask16 last, bool accumulate) {
  switch (nv) {
  case 1: return microKernelAvx512<MR, 1>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
  case 2: return microKernelAvx512<MR, 2>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
  case 3: return microKernelAvx512<MR, 3>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
  default: return microKernelAvx512<MR, 4>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
  }
}

TGC_TARGET_AVX512 void gemmAvx512(int64_t m, int64_t n, int64_t k, const float *a,
                                  int64_t aRow, int64_t aCol, const float *b, int64_t ldb,
                                  float *c, int64_t ldc, bool accumulate) {
  constexpr int64_t kRows = 6, kCols = 64; // 24 of the 32 zmm registers
  for (int64_t j = 0; j < n; j += kCols) {
    const int64_t cols = std::min(kCols, n - j);
    const int nv = static_cast<int>((cols + 15) / 16);
    const __mmask16 last = static_cast<__mmask16>(0xFFFFu >> (16 * nv - cols));
    const float *bj = b + j;
    float *cj = c + j;
    int64_t i = 0;
    for (; i + kRows <= m; i += kRows)
      rowBlockAvx512<kRows>(nv, k, a + i * aRow, aRow, aCol, bj, ldb, cj + i * ldc, ldc,
                            last, accumulate);
    const float *ai = a + i * aRow;
    float *ci = cj + i * ldc;
    switch (m - i) {
    case 5: rowBlockAvx512<5>(nv, k, ai, aRow, aCol, bj, ldb, ci, ldc, last, accumulate); break;
    case 4: rowBlockAvx512<4>(nv, k, ai, aRow, aCol, bj, ldb, ci, ldc, last, accumulate); break;
    case 3: rowBlockAvx512<3>(nv, k, ai, aRow, aCol, bj, ldb, ci, ldc, last, accumulate); break;
    case 2: rowBlockAvx512<2>(nv, k, ai, aRow, aCol, bj, ldb, ci, ldc, last, accumulate); break;
    case 1: rowBlockAvx512<1>(nv, k, ai, aRow, aCol, bj, ldb, ci, ldc, last, accumulate); break;
    default: break;
    }
  }
}

TGC_TARGET_AVX512 void softmaxStepAvx512(float *sT, int64_t nk, int64_t nq, float *runMax,
                                         float *runSum, float *correction) {
  // Whole vectors: columns past nq are scratch nobody reads.
  for (int64_t r = 0; r < nq; r += 16) {
    __m512 tileMax = _mm512_set1_ps(kNegInf);
    for (int64_t j = 0; j < nk; ++j)
      tileMax = _mm512_max_ps(tileMax, _mm512_loadu_ps(sT + j * kQueryTile + r));
    const __m512 oldMax = _mm512_loadu_ps(runMax + r);
    const __m512 newMax = _mm512_max_ps(oldMax, tileMax);
    const __mmask16 allMasked =
        _mm512_cmp_ps_mask(newMax, _mm512_set1_ps(kNegInf), _CMP_EQ_OQ);
    const __m512 base = _mm512_mask_mov_ps(newMax, allMasked, _mm512_setzero_ps());
    __m512 sum = _mm512_setzero_ps();
    for (int64_t j = 0; j < nk; ++j) {
      float *row = sT + j * kQueryTile + r;
      const __m512 e = expAvx512(_mm512_sub_ps(_mm512_loadu_ps(row), base));
      _mm512_storeu_ps(row, e);
      sum = _mm512_add_ps(sum, e);
    }
    const __m512 corr = expAvx512(_mm512_sub_ps(oldMax, base));
    _mm512_storeu_ps(correction + r, corr);
    _mm512_storeu_ps(runSum + r, _mm512_fmadd_ps(_mm512_loadu_ps(runSum + r), corr, sum));
    _mm512_storeu_ps(runMax + r, newMax);
  }
}

constexpr TileOps kAvx512Ops{gemmAvx512, softmaxStepAvx512, 1.0f};

//===----------------------------------------------------------------------===//
// AVX2 + FMA variant: the AVX-512 one at 8 lanes, for CPUs without AVX-512.
//===----------------------------------------------------------------------===//

/// MR rows x NV vectors (8 columns each) of c in registers over the whole k
/// loop; when Masked, the last vector's columns are those set in `last`.
template <int MR, int NV, bool Masked>
TGC_TARGET_AVX2 void microKernelAvx2(int64_t k, const float *a, int64_t aRow,
                                     int64_t aCol, const float *b, int64_t ldb,
                                     float *c, int64_t ldc, __m256i last,
                                     bool accumulate) {
  __m256 acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      acc[i][v] = !accumulate                 ? _mm256_setzero_ps()
                  : Masked && v == NV - 1 ? _mm256_maskload_ps(c + i * ldc + 8 * v, last)
                                          : _mm256_loadu_ps(c + i * ldc + 8 * v);
  for (int64_t p = 0; p < k; ++p) {
    const float *bp = b + p * ldb;
    __m256 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      bv[v] = Masked && v == NV - 1 ? _mm256_maskload_ps(bp + 8 * v, last)
                                    : _mm256_loadu_ps(bp + 8 * v);
    const float *ap = a + p * aCol;
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(ap + i * aRow);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v)
        acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      if (Masked && v == NV - 1)
        _mm256_maskstore_ps(c + i * ldc + 8 * v, last, acc[i][v]);
      else
        _mm256_storeu_ps(c + i * ldc + 8 * v, acc[i][v]);
    }
}

/// One row block of MR rows over `cols` (1..16) columns.
template <int MR>
TGC_TARGET_AVX2 void rowBlockAvx2(int64_t cols, int64_t k, const float *a, int64_t aRow,
                                  int64_t aCol, const float *b, int64_t ldb, float *c,
                                  int64_t ldc, bool accumulate) {
  if (cols == 16)
    return microKernelAvx2<MR, 2, false>(k, a, aRow, aCol, b, ldb, c, ldc,
                                         _mm256_setzero_si256(), accumulate);
  if (cols == 8)
    return microKernelAvx2<MR, 1, false>(k, a, aRow, aCol, b, ldb, c, ldc,
                                         _mm256_setzero_si256(), accumulate);
  // Lane l of the last vector is kept when l < cols % 8 (or all, at 8).
  const int lastCols = static_cast<int>((cols - 1) % 8 + 1);
  const __m256i last = _mm256_cmpgt_epi32(_mm256_set1_epi32(lastCols),
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  if (cols > 8)
    return microKernelAvx2<MR, 2, true>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
  return microKernelAvx2<MR, 1, true>(k, a, aRow, aCol, b, ldb, c, ldc, last, accumulate);
}

TGC_TARGET_AVX2 void gemmAvx2(int64_t m, int64_t n, int64_t k, const float *a,
                              int64_t aRow, int64_t aCol, const float *b, int64_t ldb,
                              float *c, int64_t ldc, bool accumulate) {
  constexpr int64_t kRows = 6, kCols = 16; // 12 accumulators of the 16 ymm registers
  for (int64_t j = 0; j < n; j += kCols) {
    const int64_t cols = std::min(kCols, n - j);
    const float *bj = b + j;
    float *cj = c + j;
    int64_t i = 0;
    for (; i + kRows <= m; i += kRows)
      rowBlockAvx2<kRows>(cols, k, a + i * aRow, aRow, aCol, bj, ldb, cj + i * ldc, ldc,
                          accumulate);
    const float *ai = a + i * aRow;
    float *ci = cj + i * ldc;
    switch (m - i) {
    case 5: rowBlockAvx2<5>(cols, k, ai, aRow, aCol, bj, ldb, ci, ldc, accumulate); break;
    case 4: rowBlockAvx2<4>(cols, k, ai, aRow, aCol, bj, ldb, ci, ldc, accumulate); break;
    case 3: rowBlockAvx2<3>(cols, k, ai, aRow, aCol, bj, ldb, ci, ldc, accumulate); break;
    case 2: rowBlockAvx2<2>(cols, k, ai, aRow, aCol, bj, ldb, ci, ldc, accumulate); break;
    case 1: rowBlockAvx2<1>(cols, k, ai, aRow, aCol, bj, ldb, ci, ldc, accumulate); break;
    default: break;
    }
  }
}

TGC_TARGET_AVX2 void softmaxStepAvx2(float *sT, int64_t nk, int64_t nq, float *runMax,
                                     float *runSum, float *correction) {
  // Whole vectors: columns past nq are scratch nobody reads.
  for (int64_t r = 0; r < nq; r += 8) {
    __m256 tileMax = _mm256_set1_ps(kNegInf);
    for (int64_t j = 0; j < nk; ++j)
      tileMax = _mm256_max_ps(tileMax, _mm256_loadu_ps(sT + j * kQueryTile + r));
    const __m256 oldMax = _mm256_loadu_ps(runMax + r);
    const __m256 newMax = _mm256_max_ps(oldMax, tileMax);
    const __m256 allMasked = _mm256_cmp_ps(newMax, _mm256_set1_ps(kNegInf), _CMP_EQ_OQ);
    const __m256 base = _mm256_andnot_ps(allMasked, newMax);
    __m256 sum = _mm256_setzero_ps();
    for (int64_t j = 0; j < nk; ++j) {
      float *row = sT + j * kQueryTile + r;
      const __m256 e = exp2NonPositiveAvx2(_mm256_sub_ps(_mm256_loadu_ps(row), base));
      _mm256_storeu_ps(row, e);
      sum = _mm256_add_ps(sum, e);
    }
    const __m256 corr = exp2NonPositiveAvx2(_mm256_sub_ps(oldMax, base));
    _mm256_storeu_ps(correction + r, corr);
    _mm256_storeu_ps(runSum + r, _mm256_fmadd_ps(_mm256_loadu_ps(runSum + r), corr, sum));
    _mm256_storeu_ps(runMax + r, newMax);
  }
}

constexpr TileOps kAvx2Ops{gemmAvx2, softmaxStepAvx2, cephes::kLog2e};

#pragma GCC diagnostic pop

#endif // TGC_X86_DISPATCH

const TileOps &hostTileOps() {
#if TGC_X86_DISPATCH
  if (cpuHasAvx512())
    return kAvx512Ops;
  if (cpuHasAvx2())
    return kAvx2Ops;
#endif
  return kGenericOps;
}

/// Per-thread tiles, allocated once per run and thread.
struct Scratch {
  std::vector<float> queryT; // [D, kQueryTile], scaled
  std::vector<float> scoresT; // [kKeyTile, kQueryTile]
  std::vector<float> acc;    // [kQueryTile, Dv]
  std::vector<float> runMax, runSum, correction; // [kQueryTile]
};

class AttentionKernel : public Kernel {
public:
  explicit AttentionKernel(const AttentionConfig &config)
      : scale_(static_cast<float>(config.scale)), causal_(config.causal) {
    const std::vector<int64_t> &q = config.queryShape;
    size_t rank = q.size();
    batch_ = product(q, 0, rank - 2);
    lq_ = q[rank - 2];
    d_ = q[rank - 1];
    lk_ = config.keyShape[rank - 2];
    dv_ = config.valueShape[rank - 1];
    if (!config.maskDtype)
      return;
    maskKind_ = *config.maskDtype == DType::I1 ? MaskKind::Keep : MaskKind::Additive;
    // The mask's strides aligned to the scores' [..., Lq, Lk], 0 where it
    // is broadcast; then one offset per batch·head.
    const std::vector<int64_t> &m = config.maskShape;
    std::vector<int64_t> aligned(rank, 0);
    int64_t stride = 1;
    for (size_t i = 0; i < m.size(); ++i) {
      size_t d = m.size() - 1 - i;
      aligned[rank - 1 - i] = m[d] == 1 ? 0 : stride;
      stride *= m[d];
    }
    maskRowStride_ = aligned[rank - 2];
    maskColStride_ = aligned[rank - 1];
    maskBatchOffsets_.resize(batch_);
    for (int64_t b = 0; b < batch_; ++b) {
      int64_t rest = b, offset = 0;
      for (size_t d = rank - 2; d-- > 0;) {
        offset += (rest % q[d]) * aligned[d];
        rest /= q[d];
      }
      maskBatchOffsets_[b] = offset;
    }
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *query = in[0].as<float>();
    const float *key = in[1].as<float>();
    const float *value = in[2].as<float>();
    const void *mask = maskKind_ == MaskKind::None ? nullptr : in[3].data;
    float *result = out[0].as<float>();
    int64_t queryTiles = (lq_ + kQueryTile - 1) / kQueryTile;
    int64_t work = batch_ * queryTiles;
    // Roughly the flops of one tile: below a few tiles, threads cost more.
    bool parallel = work > 1 && lq_ * lk_ * (d_ + dv_) * batch_ > 32768;
    flushDenormalsOnAllThreads();
#pragma omp parallel if (parallel)
    {
      Scratch scratch;
      scratch.queryT.assign(d_ * kQueryTile, 0.0f);
      scratch.scoresT.assign(kKeyTile * kQueryTile, 0.0f);
      scratch.acc.assign(kQueryTile * dv_, 0.0f);
      scratch.runMax.assign(kQueryTile, kNegInf);
      scratch.runSum.assign(kQueryTile, 0.0f);
      scratch.correction.assign(kQueryTile, 1.0f);
      // Causal tiles near the end see the most keys: hand them out first.
#pragma omp for schedule(dynamic)
      for (int64_t item = 0; item < work; ++item) {
        int64_t b = item / queryTiles, tile = queryTiles - 1 - item % queryTiles;
        queryTile(scratch, b, tile * kQueryTile, query + b * lq_ * d_,
                  key + b * lk_ * d_, value + b * lk_ * dv_, mask,
                  result + b * lq_ * dv_);
      }
    }
    return absl::OkStatus();
  }

private:
  enum class MaskKind { None, Keep, Additive };

  void queryTile(Scratch &scratch, int64_t b, int64_t i0, const float *q,
                 const float *k, const float *v, const void *mask, float *o) const {
    const int64_t nq = std::min(kQueryTile, lq_ - i0);
    const int64_t d = d_, dv = dv_;
    float *queryT = scratch.queryT.data(), *scoresT = scratch.scoresT.data();
    float *acc = scratch.acc.data(), *correction = scratch.correction.data();
    float *runMax = scratch.runMax.data(), *runSum = scratch.runSum.data();
    std::fill(acc, acc + nq * dv, 0.0f);
    std::fill(runMax, runMax + kQueryTile, kNegInf);
    std::fill(runSum, runSum + kQueryTile, 0.0f);
    const float queryScale = scale_ * ops_.scoreUnit;
    for (int64_t r = 0; r < nq; ++r)
      for (int64_t c = 0; c < d; ++c)
        queryT[c * kQueryTile + r] = q[(i0 + r) * d + c] * queryScale;
    // With causal masking no query of this tile sees a key past i0 + nq - 1.
    const int64_t keyEnd = causal_ ? std::min(lk_, i0 + nq) : lk_;
    const int64_t maskBase = mask ? maskBatchOffsets_[b] : 0;

    for (int64_t j0 = 0; j0 < keyEnd; j0 += kKeyTile) {
      const int64_t nk = std::min(kKeyTile, keyEnd - j0);
      // sᵀ[j][r] = k[j0 + j] · q[i0 + r] * scale
      ops_.gemm(nk, nq, d, k + j0 * d, d, 1, queryT, kQueryTile, scoresT, kQueryTile,
                /*accumulate=*/false);
      // Key j0 + j is masked for query i0 + r when j0 + j > i0 + r.
      if (causal_ && j0 + nk - 1 > i0)
        for (int64_t j = 0; j < nk; ++j)
          for (int64_t r = 0; r < std::min(nq, j0 + j - i0); ++r)
            scoresT[j * kQueryTile + r] = kNegInf;
      if (maskKind_ != MaskKind::None)
        applyMask(scoresT, mask, maskBase, i0, nq, j0, nk);

      ops_.softmaxStep(scoresT, nk, nq, runMax, runSum, correction);
      for (int64_t r = 0; r < nq; ++r) {
        const float corr = correction[r];
        if (corr == 1.0f)
          continue;
        float *a = acc + r * dv;
#pragma omp simd
        for (int64_t c = 0; c < dv; ++c)
          a[c] *= corr;
      }
      // acc[r] += sum_j p[j][r] · v[j0 + j]; p is sᵀ read transposed.
      ops_.gemm(nq, dv, nk, scoresT, 1, kQueryTile, v + j0 * dv, dv, acc, dv,
                /*accumulate=*/true);
    }

    for (int64_t r = 0; r < nq; ++r) {
      float *oi = o + (i0 + r) * dv;
      const float *a = acc + r * dv;
      // l = 0 only when every key is masked: 0/0, as the reference.
      const float inv = runSum[r] == 0.0f ? std::numeric_limits<float>::quiet_NaN()
                                          : 1.0f / runSum[r];
#pragma omp simd
      for (int64_t c = 0; c < dv; ++c)
        oi[c] = a[c] * inv;
    }
  }

  void applyMask(float *scoresT, const void *mask, int64_t maskBase, int64_t i0,
                 int64_t nq, int64_t j0, int64_t nk) const {
    for (int64_t r = 0; r < nq; ++r) {
      const int64_t offset = maskBase + (i0 + r) * maskRowStride_ + j0 * maskColStride_;
      if (maskKind_ == MaskKind::Additive) {
        const float *m = static_cast<const float *>(mask) + offset;
        for (int64_t j = 0; j < nk; ++j)
          scoresT[j * kQueryTile + r] += inScoreUnits(m[j * maskColStride_]);
      } else {
        const uint8_t *m = static_cast<const uint8_t *>(mask) + offset;
        for (int64_t j = 0; j < nk; ++j)
          if (!m[j * maskColStride_])
            scoresT[j * kQueryTile + r] = kNegInf;
      }
    }
  }

  /// An additive mask value in the units of the scores. A finite mask stays
  /// finite: -FLT_MAX (a common "masked" value) times log2 e would be -inf,
  /// and a row masked with it everywhere would come out NaN, not uniform.
  float inScoreUnits(float maskValue) const {
    const float scaled = maskValue * ops_.scoreUnit;
    if (std::isinf(scaled) && std::isfinite(maskValue))
      return std::copysign(std::numeric_limits<float>::max(), scaled);
    return scaled;
  }

  const TileOps &ops_ = hostTileOps();
  float scale_;
  bool causal_;
  int64_t batch_ = 1, lq_ = 1, lk_ = 1, d_ = 1, dv_ = 1;
  MaskKind maskKind_ = MaskKind::None;
  int64_t maskRowStride_ = 0, maskColStride_ = 0;
  std::vector<int64_t> maskBatchOffsets_;
};

} // namespace

std::unique_ptr<Kernel> makeAttentionKernel(AttentionConfig config) {
  if (config.dtype != DType::F32 || config.queryShape.size() < 2)
    return nullptr;
  if (config.maskDtype && *config.maskDtype != DType::F32 &&
      *config.maskDtype != DType::I1)
    return nullptr;
  return std::make_unique<AttentionKernel>(config);
}

} // namespace tgc::onednn
