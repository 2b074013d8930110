//===- RandomKernels.h - Philox random CPU kernels --------------*- C++ -*-===//
//
// random_uniform, random_normal, bernoulli and dropout. Element i of every
// result is a function of (seed, i) alone through the stream defined in
// runtime/Random.h, computed in double exactly as the reference backend
// does and then rounded to the result type, so results are bit-identical to
// the reference's f32 cast and independent of the thread count.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H

#include "runtime/Executable.h"

#include <cstdint>
#include <memory>

namespace tgc::onednn {

/// low + (high - low) * uniform01(seed, i); dtype f32.
std::unique_ptr<Kernel> makeRandomUniformKernel(DType dtype, uint64_t seed,
                                                double low, double high);

/// mean + stddev * standardNormal(seed, i); dtype f32.
std::unique_ptr<Kernel> makeRandomNormalKernel(DType dtype, uint64_t seed,
                                               double mean, double stddev);

/// uniform01(seed, i) < probability ? 1 : 0; dtype f32 or i1.
std::unique_ptr<Kernel> makeBernoulliKernel(DType dtype, uint64_t seed,
                                            double probability);

/// uniform01(seed, i) < ratio ? 0 : x[i] / (1 - ratio) when training, else
/// a copy of x; dtype f32.
std::unique_ptr<Kernel> makeDropoutKernel(DType dtype, uint64_t seed, double ratio,
                                          bool training);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H
