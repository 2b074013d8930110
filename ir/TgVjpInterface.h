//===- TgVjpInterface.h - the reverse-mode rule of a tg op ------*- C++ -*-===//
//
// VjpOpInterface (generated from TgVjpInterface.td) and the helpers the VJP
// rules in TgVjp.cpp share.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TGVJPINTERFACE_H
#define TGC_IR_TGVJPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include "ir/TgVjpInterface.h.inc"

namespace tgc::tg {

/// Undoes NumPy broadcasting of an operand: sums `cotangent` (of the
/// broadcast result's shape) over the axes where `operandType` was
/// broadcast (leading axes it lacks and its size-1 axes), then reshapes to
/// `operandType`. Returns `cotangent` when the types already agree.
mlir::Value unbroadcast(mlir::OpBuilder &b, mlir::Value cotangent,
                        mlir::Type operandType);

} // namespace tgc::tg

#endif // TGC_IR_TGVJPINTERFACE_H
