//===- VqKernels.cpp - nearest-codeword search on the CPU -----------------===//
//
// tg.nearest_codeword ranks the codewords of each row z_n by
//   score[n, k] = ||e_k||² − 2·z_n·e_k
// which is the distance ||z_n||² − 2·z_n·e_k + ||e_k||² less ||z_n||², a
// constant along the row: the same order, so the same argmin, up to f32
// rounding (the reference ranks the full distances in float64; with random
// inputs near-ties closer than the rounding are rare enough to ignore, and
// an exact tie resolves to the lowest k on both). A NaN in z_n makes every
// score of the row NaN, a NaN in e_k makes ||e_k||² NaN: the first NaN wins,
// as tg.argmin of the unfused distances. Infinite inputs (where the unfused
// spelling gives inf − inf) are outside this equivalence.
//
// Each run first packs the codebook (an input: it may change between runs)
// into blocks of kBlock codewords, [D][kBlock] per block and zero-padded,
// and computes ||e_k||². Then, per tile of kRowTile input rows, over the
// blocks and their strips of 16 codewords: a register-blocked tile (MR rows
// x 16 codewords, accumulated over D) becomes scores in registers that
// update a running (value, index) per row and lane, lane l holding the
// codewords ≡ l (mod 16) in ascending order. The tile of z (kRowTile·D
// floats) and the packed block (D·kBlock floats) stay in L1 while all of
// the tile's rows pass over them; the 16 lanes are reduced to one index per
// row at the end of the tile. Nothing is allocated per run: the packed
// codebook is sized at construction and the per-tile state lives on the
// stack.
//
// The tile comes in two variants chosen once per kernel (CpuDispatch.h):
// AVX2 + FMA intrinsics (also what AVX-512 machines run: no AVX-512 variant
// yet, as none of the machines this was written and tested on has
// AVX-512), and plain loops built for baseline x86-64 (cloned per ISA by
// target_clones), which TGC_MAX_CPU_ISA=baseline selects for testing.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/VqKernels.h"

#include "backends/onednn/kernels/CpuDispatch.h"

#if TGC_X86_DISPATCH
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tgc::onednn {
namespace {

constexpr int64_t kBlock = 64;   // codewords per packed block: 4 vectors
constexpr int64_t kRowTile = 48; // input rows per work item: 8 blocks of 6
constexpr int kLanes = 16;
constexpr float kInf = std::numeric_limits<float>::infinity();

/// The codebook as the tiles read it.
struct PackedCodebook {
  /// Block b, row p, column c at ((b * d) + p) * kBlock + c: codeword
  /// b * kBlock + c, zero past K.
  const float *packed;
  /// ||e_k||², zero past K.
  const float *norms;
  int64_t k, d;
};

/// Whether `score` replaces the running best of an argmin: a smaller value,
/// or the first NaN (a NaN best is never replaced).
inline bool replaces(float score, float best) {
  return !std::isnan(best) && (std::isnan(score) || score < best);
}

/// The nearest codeword of each of `rows` rows of z (row stride d).
using SearchTileFn = void (*)(const float *z, int64_t rows,
                              const PackedCodebook &codebook, int64_t *out);

//===----------------------------------------------------------------------===//
// Baseline variant: plain loops (vectorized for the AVX2 and AVX-512 clones).
//===----------------------------------------------------------------------===//

/// scores[r][c] = norms[c] − 2 · z_r · packed[.][c], for rows r < `rows`.
TGC_CLONES void blockScoresGeneric(const float *z, int64_t rows, int64_t d,
                                   const float *packed, const float *norms,
                                   float *scores) {
  for (int64_t r = 0; r < rows; ++r) {
    float *s = scores + r * kBlock;
    std::fill(s, s + kBlock, 0.0f);
    for (int64_t p = 0; p < d; ++p) {
      const float zp = z[r * d + p];
      const float *bp = packed + p * kBlock;
#pragma omp simd
      for (int64_t c = 0; c < kBlock; ++c)
        s[c] += zp * bp[c];
    }
#pragma omp simd
    for (int64_t c = 0; c < kBlock; ++c)
      s[c] = norms[c] - 2.0f * s[c];
  }
}

void searchTileGeneric(const float *z, int64_t rows, const PackedCodebook &cb,
                       int64_t *out) {
  float scores[kRowTile * kBlock];
  float bestValue[kRowTile];
  int64_t bestIndex[kRowTile];
  std::fill(bestValue, bestValue + rows, kInf);
  std::fill(bestIndex, bestIndex + rows, 0);
  for (int64_t j0 = 0; j0 < cb.k; j0 += kBlock) {
    const int64_t cols = std::min(kBlock, cb.k - j0);
    blockScoresGeneric(z, rows, cb.d, cb.packed + (j0 / kBlock) * cb.d * kBlock,
                       cb.norms + j0, scores);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        if (replaces(scores[r * kBlock + c], bestValue[r])) {
          bestValue[r] = scores[r * kBlock + c];
          bestIndex[r] = j0 + c;
        }
  }
  // A row whose scores are all +inf keeps index 0: all tie.
  std::copy(bestIndex, bestIndex + rows, out);
}

//===----------------------------------------------------------------------===//
// AVX2 + FMA variant.
//===----------------------------------------------------------------------===//

#if TGC_X86_DISPATCH

/// Per row, the lanes' running bests in one: the first NaN, else the least
/// value, lowest index on ties; index 0 when every score is +inf (all tie).
void reduceLanes(const float *bestValue, const int32_t *bestIndex, int64_t rows,
                 int64_t *out) {
  for (int64_t r = 0; r < rows; ++r) {
    const float *value = bestValue + r * kLanes;
    const int32_t *index = bestIndex + r * kLanes;
    int64_t best = -1;
    float bestScore = kInf;
    for (int l = 0; l < kLanes; ++l) {
      if (index[l] < 0)
        continue;
      const float v = value[l];
      bool take = best < 0;
      if (!take && std::isnan(bestScore))
        take = std::isnan(v) && index[l] < best;
      else if (!take)
        take = std::isnan(v) || v < bestScore || (v == bestScore && index[l] < best);
      if (take) {
        best = index[l];
        bestScore = v;
      }
    }
    out[r] = best < 0 ? 0 : best;
  }
}

/// MR rows of z (row stride d) against one strip of 16 codewords of a
/// packed block (`packed` and `norms` at the strip; `j` its first index;
/// `valid` the lanes that are codewords, not padding): 2·MR accumulators of
/// the 16 ymm registers over the whole D loop. Then each row's running best
/// (bestValue/bestIndex, kLanes entries per row: lane l holds the codewords
/// ≡ l mod 16, in ascending order) takes the strip's scores.
template <int MR>
TGC_TARGET_AVX2 void stripAvx2(int64_t d, const float *z, const float *packed,
                               const float *norms, int32_t j, const __m256 valid[2],
                               float *bestValue, int32_t *bestIndex) {
  __m256 acc[MR][2];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
    acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (int64_t p = 0; p < d; ++p) {
    const __m256 b0 = _mm256_loadu_ps(packed + p * kBlock);
    const __m256 b1 = _mm256_loadu_ps(packed + p * kBlock + 8);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const __m256 zi = _mm256_broadcast_ss(z + i * d + p);
      acc[i][0] = _mm256_fmadd_ps(zi, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(zi, b1, acc[i][1]);
    }
  }
  const __m256 two = _mm256_set1_ps(2.0f);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i) {
#pragma GCC unroll 2
    for (int v = 0; v < 2; ++v) {
      float *valuePtr = bestValue + i * kLanes + 8 * v;
      int32_t *indexPtr = bestIndex + i * kLanes + 8 * v;
      const __m256 score = _mm256_fnmadd_ps(two, acc[i][v], _mm256_loadu_ps(norms + 8 * v));
      const __m256 value = _mm256_loadu_ps(valuePtr);
      // replaces(): score < best or score NaN, where best is not NaN.
      const __m256 open = _mm256_and_ps(valid[v], _mm256_cmp_ps(value, value, _CMP_ORD_Q));
      const __m256 take = _mm256_and_ps(open, _mm256_cmp_ps(score, value, _CMP_NGE_UQ));
      const __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32(j + 8 * v));
      _mm256_storeu_ps(valuePtr, _mm256_blendv_ps(value, score, take));
      const __m256 oldIndex = _mm256_castsi256_ps(
          _mm256_loadu_si256(reinterpret_cast<const __m256i *>(indexPtr)));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(indexPtr),
                          _mm256_castps_si256(_mm256_blendv_ps(
                              oldIndex, _mm256_castsi256_ps(index), take)));
    }
  }
}

TGC_TARGET_AVX2 void searchTileAvx2(const float *z, int64_t rows,
                                    const PackedCodebook &cb, int64_t *out) {
  constexpr int64_t kRows = 6; // 12 accumulators of the 16 ymm registers
  alignas(32) float bestValue[kRowTile * kLanes];
  alignas(32) int32_t bestIndex[kRowTile * kLanes];
  // Index -1: the lane has seen no score below +inf (nor a NaN).
  std::fill(bestValue, bestValue + rows * kLanes, kInf);
  std::fill(bestIndex, bestIndex + rows * kLanes, -1);
  const int64_t d = cb.d;
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (int64_t j0 = 0; j0 < cb.k; j0 += kBlock) {
    const int64_t cols = std::min(kBlock, cb.k - j0);
    const float *block = cb.packed + (j0 / kBlock) * d * kBlock;
    for (int64_t s = 0; s * 16 < cols; ++s) {
      const __m256 valid[2] = {
          _mm256_castsi256_ps(_mm256_cmpgt_epi32(
              _mm256_set1_epi32(static_cast<int32_t>(cols - 16 * s)), lanes)),
          _mm256_castsi256_ps(_mm256_cmpgt_epi32(
              _mm256_set1_epi32(static_cast<int32_t>(cols - 16 * s - 8)), lanes))};
      const float *packed = block + 16 * s;
      const float *norms = cb.norms + j0 + 16 * s;
      const auto j = static_cast<int32_t>(j0 + 16 * s);
      int64_t r = 0;
      for (; r + kRows <= rows; r += kRows)
        stripAvx2<kRows>(d, z + r * d, packed, norms, j, valid, bestValue + r * kLanes,
                         bestIndex + r * kLanes);
      const float *zr = z + r * d;
      float *value = bestValue + r * kLanes;
      int32_t *index = bestIndex + r * kLanes;
      switch (rows - r) {
      case 5: stripAvx2<5>(d, zr, packed, norms, j, valid, value, index); break;
      case 4: stripAvx2<4>(d, zr, packed, norms, j, valid, value, index); break;
      case 3: stripAvx2<3>(d, zr, packed, norms, j, valid, value, index); break;
      case 2: stripAvx2<2>(d, zr, packed, norms, j, valid, value, index); break;
      case 1: stripAvx2<1>(d, zr, packed, norms, j, valid, value, index); break;
      default: break;
      }
    }
  }
  reduceLanes(bestValue, bestIndex, rows, out);
}

#endif // TGC_X86_DISPATCH

SearchTileFn hostSearchTile() {
#if TGC_X86_DISPATCH
  if (cpuHasAvx2())
    return searchTileAvx2;
#endif
  return searchTileGeneric;
}

class NearestCodewordKernel : public Kernel {
public:
  explicit NearestCodewordKernel(const NearestCodewordSpec &spec)
      : n_(spec.numVectors), d_(spec.dim), k_(spec.codebookSize),
        blocks_((spec.codebookSize + kBlock - 1) / kBlock),
        packed_(blocks_ * spec.dim * kBlock, 0.0f), norms_(blocks_ * kBlock, 0.0f) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *z = in[0].as<float>();
    const float *e = in[1].as<float>();
    int64_t *indices = out[0].as<int64_t>();
    const int64_t tiles = (n_ + kRowTile - 1) / kRowTile;
    const PackedCodebook codebook{packed_.data(), norms_.data(), k_, d_};
    // Roughly the flops of one tile: below a few tiles, threads cost more.
    const bool parallel = tiles > 1 && n_ * k_ * d_ > 32768;
#pragma omp parallel if (parallel)
    {
      // Padding columns were zeroed at construction and are never written.
#pragma omp for schedule(static)
      for (int64_t b = 0; b < blocks_; ++b) {
        const int64_t j0 = b * kBlock, cols = std::min(kBlock, k_ - j0);
        float *block = packed_.data() + b * d_ * kBlock;
        for (int64_t c = 0; c < cols; ++c) {
          const float *row = e + (j0 + c) * d_;
          float norm = 0.0f;
          for (int64_t p = 0; p < d_; ++p) {
            block[p * kBlock + c] = row[p];
            norm += row[p] * row[p];
          }
          norms_[j0 + c] = norm;
        }
      }
      // (The implicit barrier: every block is packed before any search.)
#pragma omp for schedule(static)
      for (int64_t t = 0; t < tiles; ++t) {
        const int64_t r0 = t * kRowTile;
        search_(z + r0 * d_, std::min(kRowTile, n_ - r0), codebook, indices + r0);
      }
    }
    return absl::OkStatus();
  }

private:
  const SearchTileFn search_ = hostSearchTile();
  int64_t n_, d_, k_, blocks_;
  std::vector<float> packed_, norms_;
};

} // namespace

std::unique_ptr<Kernel> makeNearestCodewordKernel(const NearestCodewordSpec &spec) {
  if (spec.dtype != DType::F32 || spec.numVectors < 0 || spec.dim < 0 ||
      spec.codebookSize < 1 || spec.codebookSize > std::numeric_limits<int32_t>::max())
    return nullptr;
  return std::make_unique<NearestCodewordKernel>(spec);
}

} // namespace tgc::onednn
