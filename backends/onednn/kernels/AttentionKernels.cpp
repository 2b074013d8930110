//===- AttentionKernels.cpp - flash-style attention on the CPU ------------===//
//
// For each (batch·head, tile of kQueryTile queries), over tiles of kKeyTile
// keys:
//   s = scale * q · kᵀ, with causal and mask applied      (kQueryTile x kKeyTile)
//   m' = max(m, rowmax(s)); p = exp(s - m')
//   l = l * exp(m - m') + rowsum(p); acc = acc * exp(m - m') + p · v
// and finally out = acc / l. The key tile is transposed to [D, kKeyTile] so
// the score loop runs along keys with unit stride; the p · v loop runs along
// the contiguous value dimension. With D = Dv = 64 a key tile, a value tile,
// the scores and the accumulator take about 48 KiB: L1/L2 resident.
//
// Masked keys (causal, i1 false, or an additive -inf) get exactly zero
// weight: a row whose running max is still -inf adds nothing, and exp(-inf)
// is 0. A row with every key masked ends with l = 0 and is NaN (0/0), as the
// reference's softmax of an all -inf row. Keys past the last query of a tile
// are skipped entirely when causal.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/AttentionKernels.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tgc::onednn {
namespace {

constexpr int64_t kQueryTile = 32;
constexpr int64_t kKeyTile = 64;

int64_t product(const std::vector<int64_t> &dims, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t d = from; d < to; ++d)
    p *= dims[d];
  return p;
}

/// Per-thread tiles, allocated once per run and thread.
struct Scratch {
  std::vector<float> keyT;   // [D, kKeyTile]
  std::vector<float> scores; // [kQueryTile, kKeyTile]
  std::vector<float> acc;    // [kQueryTile, Dv]
  std::vector<float> rowMax, rowSum;
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
#pragma omp parallel if (parallel)
    {
      Scratch scratch;
      scratch.keyT.resize(d_ * kKeyTile);
      scratch.scores.resize(kQueryTile * kKeyTile);
      scratch.acc.resize(kQueryTile * dv_);
      scratch.rowMax.resize(kQueryTile);
      scratch.rowSum.resize(kQueryTile);
#pragma omp for schedule(dynamic)
      for (int64_t item = 0; item < work; ++item) {
        int64_t b = item / queryTiles, tile = item % queryTiles;
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
    float *keyT = scratch.keyT.data(), *acc = scratch.acc.data();
    float *rowMax = scratch.rowMax.data(), *rowSum = scratch.rowSum.data();
    const float negInf = -std::numeric_limits<float>::infinity();
    std::fill(acc, acc + nq * dv, 0.0f);
    std::fill(rowMax, rowMax + nq, negInf);
    std::fill(rowSum, rowSum + nq, 0.0f);
    // With causal masking no query of this tile sees a key past i0 + nq - 1.
    int64_t keyEnd = causal_ ? std::min(lk_, i0 + nq) : lk_;
    int64_t maskBase = mask ? maskBatchOffsets_[b] : 0;

    for (int64_t j0 = 0; j0 < keyEnd; j0 += kKeyTile) {
      const int64_t nk = std::min(kKeyTile, keyEnd - j0);
      for (int64_t j = 0; j < nk; ++j)
        for (int64_t c = 0; c < d; ++c)
          keyT[c * kKeyTile + j] = k[(j0 + j) * d + c];

      for (int64_t r = 0; r < nq; ++r) {
        const int64_t i = i0 + r;
        float *s = scratch.scores.data() + r * kKeyTile;
        const float *qi = q + i * d;
        for (int64_t j = 0; j < nk; ++j)
          s[j] = 0.0f;
        for (int64_t c = 0; c < d; ++c) {
          const float qc = qi[c];
          const float *kc = keyT + c * kKeyTile;
#pragma omp simd
          for (int64_t j = 0; j < nk; ++j)
            s[j] += qc * kc[j];
        }
        const float scale = scale_;
#pragma omp simd
        for (int64_t j = 0; j < nk; ++j)
          s[j] *= scale;
        if (causal_)
          for (int64_t j = std::max<int64_t>(0, i + 1 - j0); j < nk; ++j)
            s[j] = negInf;
        if (maskKind_ == MaskKind::Additive) {
          const float *m = static_cast<const float *>(mask) + maskBase +
                           i * maskRowStride_ + j0 * maskColStride_;
          for (int64_t j = 0; j < nk; ++j)
            s[j] += m[j * maskColStride_];
        } else if (maskKind_ == MaskKind::Keep) {
          const uint8_t *m = static_cast<const uint8_t *>(mask) + maskBase +
                             i * maskRowStride_ + j0 * maskColStride_;
          for (int64_t j = 0; j < nk; ++j)
            if (!m[j * maskColStride_])
              s[j] = negInf;
        }

        float tileMax = negInf;
        for (int64_t j = 0; j < nk; ++j)
          tileMax = s[j] > tileMax ? s[j] : tileMax;
        const float newMax = std::max(rowMax[r], tileMax);
        if (newMax == negInf)
          continue; // every key so far is masked: nothing to add
        const float correction = std::exp(rowMax[r] - newMax);
        float sum = 0.0f;
        for (int64_t j = 0; j < nk; ++j) {
          s[j] = std::exp(s[j] - newMax);
          sum += s[j];
        }
        rowMax[r] = newMax;
        rowSum[r] = rowSum[r] * correction + sum;
        float *a = acc + r * dv;
        if (correction != 1.0f) {
#pragma omp simd
          for (int64_t c = 0; c < dv; ++c)
            a[c] *= correction;
        }
        for (int64_t j = 0; j < nk; ++j) {
          const float p = s[j];
          if (p == 0.0f)
            continue; // masked keys weigh exactly nothing
          const float *vj = v + (j0 + j) * dv;
#pragma omp simd
          for (int64_t c = 0; c < dv; ++c)
            a[c] += p * vj[c];
        }
      }
    }

    for (int64_t r = 0; r < nq; ++r) {
      float *oi = o + (i0 + r) * dv;
      const float *a = acc + r * dv;
      // l = 0 only when every key is masked: 0/0, as the reference.
      const float inv = rowSum[r] == 0.0f ? std::numeric_limits<float>::quiet_NaN()
                                          : 1.0f / rowSum[r];
#pragma omp simd
      for (int64_t c = 0; c < dv; ++c)
        oi[c] = a[c] * inv;
    }
  }

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
