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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include "ir/TgVjpInterface.h.inc"

namespace tgc::tg {

/// Undoes NumPy broadcasting of an operand: sums `cotangent` (of the
/// broadcast result's shape) over the axes where `operandType` was
/// broadcast (leading axes it lacks and its size-1 axes), then reshapes to
/// `operandType`. Returns `cotangent` when the types already agree.
mlir::Value unbroadcast(mlir::OpBuilder &b, mlir::Value cotangent,
                        mlir::Type operandType);

/// The forward half of reverse-mode differentiation over `ops` (the ops of
/// one block, in program order): the float tensor values that depend on
/// `seeds` (which are included). `onCut(op)` is called for each op that
/// reads such a value but has no float result (a comparison, an argmax),
/// so the dependence stops there.
llvm::DenseSet<mlir::Value>
activeValues(llvm::ArrayRef<mlir::Operation *> ops, mlir::ValueRange seeds,
             llvm::function_ref<void(mlir::Operation *)> onCut = {});

/// The reverse sweep of reverse-mode differentiation over `ops` (program
/// order), the walk tg-autodiff runs and tg.fused_elementwise's rule runs on
/// its body. On entry `cotangents` holds the seeds (dL/dL = 1); `active` is
/// what activeValues gave. From the last op to the first, each op with a
/// cotangent for one of its results and an active operand has its VJP rule
/// called at `b`'s insertion point (a float result without a cotangent gets
/// zeros), and each active operand's cotangent is summed into `cotangents`
/// with tg.add. `onCut(op)` is called for an op whose rule gives an active
/// operand no cotangent (stop_gradient). Fails after emitting an error at
/// the op when it has no rule, its rule fails, or a cotangent has the wrong
/// type.
mlir::LogicalResult
backpropagate(mlir::OpBuilder &b, llvm::ArrayRef<mlir::Operation *> ops,
              const llvm::DenseSet<mlir::Value> &active,
              llvm::DenseMap<mlir::Value, mlir::Value> &cotangents,
              llvm::function_ref<void(mlir::Operation *)> onCut = {});

} // namespace tgc::tg

#endif // TGC_IR_TGVJPINTERFACE_H
