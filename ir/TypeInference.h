//===- TypeInference.h - result-type helpers for tg ops ---------*- C++ -*-===//
//
// Helpers that op definitions generated from TgOps.td call to infer result
// types; declared here so the generated code can see them.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TYPEINFERENCE_H
#define TGC_IR_TYPEINFERENCE_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/APFloat.h"

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

/// Infers tg.matmul's result (matmul_c1 .. matmul_c3); shared by the ops
/// that contain a matmul.
mlir::LogicalResult inferMatmulResult(std::optional<mlir::Location> loc,
                                      llvm::StringRef opName, mlir::Value lhs,
                                      mlir::Value rhs, bool transposeA,
                                      bool transposeB,
                                      llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Infers tg.layer_norm's result (layer_norm_c1 .. c3); `scale` and `bias`
/// may be null.
mlir::LogicalResult
inferLayerNormResult(std::optional<mlir::Location> loc, llvm::StringRef opName,
                     mlir::Value input, mlir::Value scale, mlir::Value bias,
                     int64_t axis, const llvm::APFloat &epsilon,
                     llvm::SmallVectorImpl<mlir::Type> &inferred);

/// Prefixes a type-inference diagnostic the way emitOpError does.
template <typename... Args>
mlir::LogicalResult inferenceError(std::optional<mlir::Location> loc,
                                   llvm::StringRef opName, Args &&...args) {
  return mlir::emitOptionalError(loc, "'", opName, "' op ",
                                 std::forward<Args>(args)...);
}

} // namespace tgc::tg

#endif // TGC_IR_TYPEINFERENCE_H
