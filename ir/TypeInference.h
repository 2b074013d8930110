//===- TypeInference.h - result-type helpers for tg ops ---------*- C++ -*-===//
//
// Helpers that op definitions generated from TgOps.td call to infer result
// types; declared here so the generated code can see them.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TYPEINFERENCE_H
#define TGC_IR_TYPEINFERENCE_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <utility>

namespace tgc::tg {

/// Infers the result of an elementwise op whose `operands` (named for
/// diagnostics) share one element type and broadcast like NumPy. The result
/// element type is `resultElementType`, or the operands' when null.
mlir::LogicalResult
inferBroadcastResult(std::optional<mlir::Location> loc, llvm::StringRef opName,
                     llvm::ArrayRef<std::pair<llvm::StringRef, mlir::Value>> operands,
                     mlir::Type resultElementType,
                     llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Infers the result of a reduction over `axes` (reduce_c1, reduce_c2). The
/// element type is `elementType`, or the operand's when null.
mlir::LogicalResult inferReduceResult(std::optional<mlir::Location> loc,
                                      llvm::StringRef opName,
                                      mlir::Value operand,
                                      llvm::ArrayRef<int64_t> axes,
                                      bool keepdims, mlir::Type elementType,
                                      llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Infers the i64 result of argmax/argmin along `axis`.
mlir::LogicalResult
inferArgReduceResult(std::optional<mlir::Location> loc, llvm::StringRef opName,
                     mlir::Value operand, int64_t axis, bool keepdims,
                     llvm::SmallVectorImpl<mlir::Type> &inferred);

} // namespace tgc::tg

#endif // TGC_IR_TYPEINFERENCE_H
