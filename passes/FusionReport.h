//===- FusionReport.h - remarks that explain fusion decisions ---*- C++ -*-===//
//
// With their `report` option set, fusion passes emit one remark per fused op
// (naming the ops it replaced and their locations) and one per candidate
// that did not fuse (with the reason). `tgc --fusion-report` prints them;
// lit tests check them with -verify-diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_PASSES_FUSIONREPORT_H
#define TGC_PASSES_FUSIONREPORT_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

namespace tgc {

/// The location of a fused op: the locations of the ops it replaces.
mlir::Location fusedLocation(llvm::ArrayRef<mlir::Operation *> replaced);

/// "fused N ops into tg.X: tg.a (loc), tg.b (loc), ..." on `fused`.
void remarkFused(mlir::Operation *fused,
                 llvm::ArrayRef<mlir::Operation *> replaced);

/// "not fused into tg.X: <reason>" on the candidate's anchor op.
void remarkNotFused(mlir::Operation *anchor, llvm::StringRef fusedOpName,
                    const llvm::Twine &reason);

} // namespace tgc

#endif // TGC_PASSES_FUSIONREPORT_H
