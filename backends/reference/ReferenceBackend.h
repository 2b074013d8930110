//===- ReferenceBackend.h - the float64 oracle ------------------*- C++ -*-===//
//
// Interprets a tg function op by op. Float elements are computed and held in
// float64 from inputs to outputs (f32-typed intermediates are not rounded);
// only the function's results are cast to their declared element types. It
// measures what other backends lose; speed is not its job.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_REFERENCE_REFERENCEBACKEND_H
#define TGC_BACKENDS_REFERENCE_REFERENCEBACKEND_H

#include "backends/reference/RefValue.h"
#include "runtime/Tensor.h"

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <functional>
#include <vector>

namespace tgc::reference {

/// Evaluates `fn` on `args` (in argument order; each must have its
/// argument's dtype and shape) and returns the results in float64 / int64,
/// before the cast to their declared types.
/// `observer`, when given, sees every op's results as they are computed,
/// with the op's position in the function body.
using OpObserver = std::function<void(int64_t opIndex, mlir::Operation *op,
                                      llvm::ArrayRef<RefValue> results)>;
absl::StatusOr<std::vector<RefValue>>
evaluateInFloat64(mlir::func::FuncOp fn, llvm::ArrayRef<Tensor> args,
                  const OpObserver &observer = nullptr);

/// Evaluates the single op `op` on `operands` (host tensors of its
/// operands' dtypes and shapes) in float64: what the op computes from
/// exactly these inputs, which judges one kernel apart from the rounding of
/// the ops before it.
absl::StatusOr<std::vector<RefValue>> evaluateOpInFloat64(mlir::Operation *op,
                                                          llvm::ArrayRef<Tensor> operands);

/// Evaluates `fn` and returns its results cast to their declared types
/// (rounded to nearest, ties to even).
absl::StatusOr<std::vector<Tensor>> evaluate(mlir::func::FuncOp fn,
                                             llvm::ArrayRef<Tensor> args);

/// Whether the reference backend has an evaluation for `op`.
bool isSupported(mlir::Operation *op);

/// `value` cast to its declared element type as a host tensor.
Tensor toTensor(const RefValue &value);

} // namespace tgc::reference

#endif // TGC_BACKENDS_REFERENCE_REFERENCEBACKEND_H
