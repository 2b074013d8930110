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

/// exp(x) for x <= 0 (or NaN), which is all a softmax takes (x - max):
/// Cephes expf (about 1 ulp), with 2^n built in the exponent field. x is
/// clamped below at -88 (n >= -127), where 2^-127 comes out as 0, so
/// exp(-inf) is exactly 0 without a mask; results below ln(FLT_MIN) are
/// subnormal or 0 (FTZ). NaN stays NaN (max and the arithmetic keep it).
TGC_TARGET_AVX2 inline __m256 expNonPositiveAvx2(__m256 x) {
  const __m256 y = _mm256_max_ps(_mm256_set1_ps(-88.0f), x); // NaN: x
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(y, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), y);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i biased = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
  return _mm256_mul_ps(p, _mm256_castsi256_ps(_mm256_slli_epi32(biased, 23)));
}

} // namespace tgc::onednn

#endif // TGC_X86_DISPATCH

#endif // TGC_BACKENDS_ONEDNN_KERNELS_VECTORMATH_H
