//===- Driver.h - what every tgc subcommand shares ------------*- C++ -*-===//
//
// Errors are reported the same way ("tgc: error: ...", exit status 1), and
// MODEL.mlir is read and its function picked the same way, by every
// subcommand.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_DRIVER_H
#define TGC_TOOLS_TGC_DRIVER_H

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace tgc {

/// Prints "tgc: error: MESSAGE" on stderr and returns 1, the exit status.
int fail(const llvm::Twine &message);
int fail(const absl::Status &status);

/// Parses and verifies `path`; diagnostics (with locations) and a missing
/// file are reported on stderr as "tgc: error: ...", and the result is null.
mlir::OwningOpRef<mlir::ModuleOp> loadModelFile(mlir::MLIRContext &context,
                                                const std::string &path);

/// The function to work on: `wanted` when given, else @main, else the
/// module's only function. The error names `path` and lists the functions.
absl::StatusOr<mlir::func::FuncOp> pickModelFunction(mlir::ModuleOp module,
                                                     const std::string &wanted,
                                                     const std::string &path);

} // namespace tgc

#endif // TGC_TOOLS_TGC_DRIVER_H
