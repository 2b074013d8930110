//===- VectorMath.h - vectorized math shared by the CPU kernels -*- C++ -*-===//
//
// Intrinsic building blocks for the TGC_TARGET_* variants (CpuDispatch.h).
// Include only where the variant is compiled; call only from functions
// with the same target attribute.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_VECTORMATH_H
#define TGC_BACKENDS_ONEDNN_KERNELS_VECTORMATH_H

#include "backends/onednn/kernels/CpuDispatch.h"

#if TGC_X86_DISPATCH
#include <immintrin.h>

namespace tgc::onednn {

/// Cephes expf: x = n·ln2 + r with |r| <= ln2/2 (ln2 split in two parts
/// so that n·ln2 is exact), exp(r) = 1 + r + r²·P(r) with P of degree 5,
/// scaled by 2^n. About 1 ulp on [-87.3, 88.7]; exp(0) = 1 exactly.
namespace cephes {
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2High = 0.693359375f, kLn2Low = -2.12194440e-4f;
constexpr float kP0 = 1.9875691500e-4f, kP1 = 1.3981999507e-3f,
                kP2 = 8.3334519073e-3f, kP3 = 4.1665795894e-2f,
                kP4 = 1.6666665459e-1f, kP5 = 5.0000001201e-1f;
constexpr float kMinArgument = -87.33654475f; // ln(FLT_MIN)
constexpr float kMaxArgument = 88.72283905f;  // ln(FLT_MAX)
/// Cephes exp2f: x = n + r with |r| <= 1/2, 2^r = 1 + r·Q(r) with Q of
/// degree 5; about 1.5 ulp. No ln2 split: the reduction is exact.
constexpr float kQ0 = 1.535336188319500e-4f, kQ1 = 1.339887440266574e-3f,
                kQ2 = 9.618437357674640e-3f, kQ3 = 5.550332471162809e-2f,
                kQ4 = 2.402264791363012e-1f, kQ5 = 6.931472028550421e-1f;
} // namespace cephes

// GCC 12 warns on _mm512_undefined_ps inside the intrinsics' headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

/// exp(x), Cephes expf (above): 0 below ln(FLT_MIN) (-inf included; the
/// subnormal range flushes, as FTZ would); NaN stays NaN.
TGC_TARGET_AVX512 inline __m512 expAvx512(__m512 x) {
  using namespace cephes;
  const __mmask16 under = _mm512_cmp_ps_mask(x, _mm512_set1_ps(kMinArgument), _CMP_LT_OQ);
  const __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  __m512 y = _mm512_min_ps(x, _mm512_set1_ps(kMaxArgument));
  y = _mm512_max_ps(y, _mm512_set1_ps(kMinArgument));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(y, _mm512_set1_ps(kLog2e)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2High), y);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2Low), r);
  __m512 p = _mm512_set1_ps(kP0);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP1));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP2));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP3));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP4));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kP5));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  __m512 result = _mm512_maskz_mov_ps(static_cast<__mmask16>(~under), _mm512_scalef_ps(p, n));
  return _mm512_mask_mov_ps(result, nan, x);
}

#pragma GCC diagnostic pop

/// p · 2^n for an integral n in [-127, 127], with 2^n built in the exponent
/// field; n = -127 gives an all-zero field, so the product is 0.
TGC_TARGET_AVX2 inline __m256 timesPowerOfTwoAvx2(__m256 p, __m256 n) {
  const __m256i biased = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
  return _mm256_mul_ps(p, _mm256_castsi256_ps(_mm256_slli_epi32(biased, 23)));
}

/// exp(x) for x <= 0 (or NaN), which is all a softmax takes (x - max):
/// Cephes expf (above), with 2^n built in the exponent field. x is clamped
/// below at -88 (n >= -127), where 2^-127 comes out as 0, so exp(-inf) is
/// exactly 0 without a mask; results below ln(FLT_MIN) are subnormal or 0
/// (FTZ). NaN stays NaN (max and the arithmetic keep it).
TGC_TARGET_AVX2 inline __m256 expNonPositiveAvx2(__m256 x) {
  using namespace cephes;
  const __m256 y = _mm256_max_ps(_mm256_set1_ps(-88.0f), x); // NaN: x
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(y, _mm256_set1_ps(kLog2e)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2High), y);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Low), r);
  __m256 p = _mm256_set1_ps(kP0);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP1));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP2));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP3));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP4));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP5));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  return timesPowerOfTwoAvx2(p, n);
}

/// 2^x for x <= 0 (or NaN), Cephes exp2f (above), for a softmax whose
/// scores are in log2 units: four operations fewer than the base-e form.
/// x is clamped below at -127, where 2^n comes out as 0, so 2^-inf is
/// exactly 0; results below FLT_MIN are subnormal or 0 (FTZ). NaN stays NaN.
TGC_TARGET_AVX2 inline __m256 exp2NonPositiveAvx2(__m256 x) {
  using namespace cephes;
  const __m256 y = _mm256_max_ps(_mm256_set1_ps(-127.0f), x); // NaN: x
  const __m256 n = _mm256_round_ps(y, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m256 r = _mm256_sub_ps(y, n);
  __m256 q = _mm256_set1_ps(kQ0);
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(kQ1));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(kQ2));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(kQ3));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(kQ4));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(kQ5));
  q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(1.0f));
  return timesPowerOfTwoAvx2(q, n);
}

} // namespace tgc::onednn

#endif // TGC_X86_DISPATCH

#endif // TGC_BACKENDS_ONEDNN_KERNELS_VECTORMATH_H
