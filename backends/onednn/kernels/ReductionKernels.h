//===- ReductionKernels.h - reductions and arg-reductions on the CPU -*- C++ -*-===//
//
// tg.reduce_{sum,mean,max,min} over any set of axes and tg.argmax/argmin
// along one axis, as OpenMP-parallel loops. Shapes are collapsed once in the
// factory (adjacent axes that are all reduced or all kept merge), so the
// common layouts [rows, R] and [outer, R, inner] run as contiguous,
// vectorizable loops. Float sums accumulate in double; max/min propagate
// NaN; integer sums wrap like the reference. keepdims does not change the
// memory layout, so the kernels do not need it.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_REDUCTIONKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_REDUCTIONKERNELS_H

#include "runtime/Executable.h"

#include <memory>

namespace tgc::onednn {

enum class ReduceFn { Sum, Mean, Max, Min };

/// Reduces a tensor of `inShape` over `axes` (each in [0, rank), distinct).
/// Sum, Max and Min take f32, i32 or i64; Mean takes f32. Null otherwise.
std::unique_ptr<Kernel> makeReduceKernel(ReduceFn fn, DType dtype,
                                         std::vector<int64_t> inShape,
                                         std::vector<int64_t> axes);

/// i64 index of the first largest (`largest`) or smallest element along
/// `axis` (in [0, rank)); the first NaN wins. dtype f32, i32 or i64.
std::unique_ptr<Kernel> makeArgReduceKernel(bool largest, DType dtype,
                                            std::vector<int64_t> inShape,
                                            int64_t axis);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_REDUCTIONKERNELS_H
