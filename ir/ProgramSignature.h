//===- ProgramSignature.h - a tg function's named interface -----*- C++ -*-===//
//
// Reads the runtime Signature of a tg function: each argument is a
// parameter (`tg.param = "name"`) or an input (`tg.input = "name"`); the
// results are named by `tg.result_names` (default result0, result1, ...).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_PROGRAMSIGNATURE_H
#define TGC_IR_PROGRAMSIGNATURE_H

#include "runtime/Signature.h"

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace tgc::tg {

/// The runtime dtype of a tensor element type; an error names `what`.
absl::StatusOr<DType> dtypeOf(mlir::Type elementType, const std::string &what);

/// The signature of `fn`. Errors name the function and the argument: one
/// without a tg.param / tg.input name, one with both, or a name used twice.
absl::StatusOr<Signature> signatureOf(mlir::func::FuncOp fn);

} // namespace tgc::tg

#endif // TGC_IR_PROGRAMSIGNATURE_H
