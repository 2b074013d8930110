//===- ShapeKernels.h - data-movement CPU kernels ---------------*- C++ -*-===//
//
// transpose, concat, slice, gather, broadcast_to, iota and one_hot on the
// CPU. The movers copy elements by size (1, 2, 4 or 8 bytes), so they work
// for every dtype; iota and one_hot write values and take f32, i32, i64
// (and i1 for one_hot). Each kernel is configured by plain parameters and
// expects static, valid shapes (the verifier checked them). A factory
// returns null for a dtype it does not handle.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_SHAPEKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_SHAPEKERNELS_H

#include "runtime/Executable.h"

#include <memory>
#include <vector>

namespace tgc::onednn {

/// result dimension d = operand dimension permutation[d] (numpy.transpose).
std::unique_ptr<Kernel> makeTransposeKernel(DType dtype,
                                            std::vector<int64_t> inShape,
                                            std::vector<int64_t> permutation);

/// The inputs laid end to end along `axis` (in [0, rank)).
std::unique_ptr<Kernel> makeConcatKernel(DType dtype,
                                         std::vector<std::vector<int64_t>> inShapes,
                                         int64_t axis);

/// result[i] = x[start + i * strides] per dimension; `outShape` is the
/// result's shape.
std::unique_ptr<Kernel> makeSliceKernel(DType dtype, std::vector<int64_t> inShape,
                                        std::vector<int64_t> start,
                                        std::vector<int64_t> strides,
                                        std::vector<int64_t> outShape);

/// numpy.take(params, indices, axis) with `axis` in [0, rank); indices are
/// i32 or i64. An index outside [0, params[axis]) fails the run with
/// InvalidArgument naming the index and its position.
std::unique_ptr<Kernel> makeGatherKernel(DType dtype, DType indexDtype,
                                         std::vector<int64_t> paramsShape,
                                         int64_t axis, int64_t numIndices);

/// numpy.broadcast_to.
std::unique_ptr<Kernel> makeBroadcastToKernel(DType dtype,
                                              std::vector<int64_t> inShape,
                                              std::vector<int64_t> outShape);

/// result[i_0, ..., i_(n-1)] = i_dimension; dtype f32, i32 or i64.
std::unique_ptr<Kernel> makeIotaKernel(DType dtype, std::vector<int64_t> shape,
                                       int64_t dimension);

/// result[k, c] = indices[k] == c for c in [0, depth): an index outside
/// [0, depth) gives a zero row. dtype f32, i1, i32 or i64.
std::unique_ptr<Kernel> makeOneHotKernel(DType dtype, DType indexDtype,
                                         int64_t numIndices, int64_t depth);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_SHAPEKERNELS_H
