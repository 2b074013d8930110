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

/// The body of a tg.fused_elementwise as straight-line code over
/// registers: registers [0, inputs) hold the inputs, and instruction i
/// defines register inputs + i. Values are computed in double (inputs are
/// f32, i1, or integers the body casts) and the result register is
/// rounded to the output type.
struct ElementwiseInstruction {
  enum class Kind { Unary, Binary, Compare, Select, ToBool, ToF32, Constant };
  Kind kind;
  UnaryFn unary = UnaryFn::Copy;
  BinaryFn binary = BinaryFn::Add;
  CompareFn compare = CompareFn::Eq;
  std::vector<int> operands;
  double constant = 0;
};

struct ElementwiseProgram {
  std::vector<std::vector<int64_t>> inputShapes;
  std::vector<DType> inputTypes; // f32, i1, i32 or i64
  std::vector<int64_t> outShape;
  DType outType;                 // f32 or i1
  std::vector<ElementwiseInstruction> instructions;
  int result;
};

/// Runs the program row by row over the broadcast output, vectorized
/// across each row.
std::unique_ptr<Kernel> makeFusedElementwiseKernel(ElementwiseProgram program);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_ELEMENTWISEKERNELS_H
