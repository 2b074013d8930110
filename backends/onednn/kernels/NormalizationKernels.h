//===- NormalizationKernels.h - softmax and layer norm CPU kernels -*- C++ -*-===//
//
// OpenMP-parallel row loops for tg.softmax, tg.log_softmax, tg.layer_norm
// and tg.add_layer_norm, f32 only (a factory returns null for other element
// types). Sums accumulate in double so that long rows stay within the
// conformance tolerance of the float64 reference. Each kernel is configured
// by plain parameters, so it needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_NORMALIZATIONKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_NORMALIZATIONKERNELS_H

#include "runtime/Executable.h"

#include <memory>

namespace tgc::onednn {

/// softmax (or, with `logarithm`, log_softmax) of a tensor of `shape` along
/// `axis` (already in [0, rank)). The maximum shift follows the reference:
/// -inf gets weight exactly 0, a slice that is all -inf or holds a NaN gives
/// NaN. Input: x. Output: y of the same shape.
std::unique_ptr<Kernel> makeSoftmaxKernel(DType dtype, std::vector<int64_t> shape,
                                          int64_t axis, bool logarithm);

/// Layer normalization over the trailing axes from `axis` (in [0, rank)):
/// the tensor is read as [rows, N]. Inputs: x, then scale and bias when
/// present (each of N elements). Output: y.
std::unique_ptr<Kernel> makeLayerNormKernel(DType dtype, std::vector<int64_t> shape,
                                            int64_t axis, double epsilon,
                                            bool hasScale, bool hasBias);

/// sum = input + residual, then layer_norm(sum) as makeLayerNormKernel, in
/// one pass per row. Inputs: input, residual, then scale and bias when
/// present. Outputs: the normalized result, then the sum.
std::unique_ptr<Kernel> makeAddLayerNormKernel(DType dtype, std::vector<int64_t> shape,
                                               int64_t axis, double epsilon,
                                               bool hasScale, bool hasBias);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_NORMALIZATIONKERNELS_H
