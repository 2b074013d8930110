//===- LossKernels.h - cross-entropy and mean squared error -----*- C++ -*-===//
//
// Scalar losses as OpenMP-parallel reductions accumulated in double. Each
// kernel is configured by plain parameters, so it needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_LOSSKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_LOSSKERNELS_H

#include "runtime/Executable.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace tgc::onednn {

/// Mean over kept positions of -log_softmax(logits[p])[labels[p]], with
/// logits f32 [positions, classes] and labels i32 or i64 [positions]. A
/// position whose label equals `ignoreIndex` is skipped; NaN when none is
/// kept. A kept label outside [0, classes) makes run() fail with
/// InvalidArgument naming the label and its position. Output: rank-0 f32.
std::unique_ptr<Kernel> makeCrossEntropyKernel(DType logitsType, DType labelsType,
                                               int64_t positions, int64_t classes,
                                               std::optional<int64_t> ignoreIndex);

/// sum((lhs - rhs)^2) / N over two f32 tensors of N elements. Output: rank-0.
std::unique_ptr<Kernel> makeMseKernel(DType dtype, int64_t numElements);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_LOSSKERNELS_H
