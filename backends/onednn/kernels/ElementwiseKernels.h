//===- ElementwiseKernels.h - elementwise CPU kernels -----------*- C++ -*-===//
//
// Vectorizable, OpenMP-parallel loops over f32 (and i32/i64/i1 where the op
// allows), with NumPy broadcasting through BroadcastPlan. Each kernel is
// configured by plain parameters, so it needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_ELEMENTWISEKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_ELEMENTWISEKERNELS_H

#include "runtime/Executable.h"

#include <memory>

namespace tgc::onednn {

enum class UnaryFn {
  Neg, Abs, Exp, Log, Sqrt, Rsqrt, Tanh, Sigmoid, Relu, Erf, Sin, Cos,
  GeluErf, GeluTanh, Copy
};
enum class BinaryFn { Add, Sub, Mul, Div, Max, Min, Pow };
enum class CompareFn { Eq, Ne, Lt, Le, Gt, Ge };

/// y = f(x), same shape and dtype (f32, i32 or i64).
std::unique_ptr<Kernel> makeUnaryKernel(UnaryFn fn, DType dtype);

/// z = f(x, y) with broadcasting, dtype f32, i32 or i64.
std::unique_ptr<Kernel> makeBinaryKernel(BinaryFn fn, DType dtype,
                                         std::vector<int64_t> lhsShape,
                                         std::vector<int64_t> rhsShape,
                                         std::vector<int64_t> outShape);

/// i1 result of comparing two operands of `dtype`, with broadcasting.
std::unique_ptr<Kernel> makeCompareKernel(CompareFn fn, DType dtype,
                                          std::vector<int64_t> lhsShape,
                                          std::vector<int64_t> rhsShape,
                                          std::vector<int64_t> outShape);

/// condition ? onTrue : onFalse with broadcasting of all three.
std::unique_ptr<Kernel> makeSelectKernel(DType dtype,
                                         std::vector<std::vector<int64_t>> shapes,
                                         std::vector<int64_t> outShape);

/// Element type conversion with tg.cast's rules.
std::unique_ptr<Kernel> makeCastKernel(DType from, DType to);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_ELEMENTWISEKERNELS_H
