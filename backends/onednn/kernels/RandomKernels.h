//===- RandomKernels.h - Philox random CPU kernels --------------*- C++ -*-===//
//
// random_uniform, random_normal, bernoulli and dropout. Element i of every
// result is a function of (seed, i, step) alone through the stream defined in
// runtime/Random.h, computed in double exactly as the reference backend
// does and then rounded to the result type, so results are bit-identical to
// the reference's f32 cast and independent of the thread count. With
// `hasStep` the kernel takes one more input, last: the op's step operand, a
// scalar i64 read at every run (without it the step is 0).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H

#include "runtime/Executable.h"

#include <cstdint>
#include <memory>

namespace tgc::onednn {

/// low + (high - low) * uniform01(seed, i, step); dtype f32.
std::unique_ptr<Kernel> makeRandomUniformKernel(DType dtype, uint64_t seed,
                                                double low, double high,
                                                bool hasStep = false);

/// mean + stddev * standardNormal(seed, i, step); dtype f32.
std::unique_ptr<Kernel> makeRandomNormalKernel(DType dtype, uint64_t seed,
                                               double mean, double stddev,
                                               bool hasStep = false);

/// uniform01(seed, i, step) < probability ? 1 : 0; dtype f32 or i1.
std::unique_ptr<Kernel> makeBernoulliKernel(DType dtype, uint64_t seed,
                                            double probability,
                                            bool hasStep = false);

/// uniform01(seed, i, step) < ratio ? 0 : x[i] / (1 - ratio) when training,
/// else a copy of x; dtype f32. Inputs: x [, step].
std::unique_ptr<Kernel> makeDropoutKernel(DType dtype, uint64_t seed, double ratio,
                                          bool training, bool hasStep = false);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_RANDOMKERNELS_H
