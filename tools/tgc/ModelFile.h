//===- ModelFile.h - reading the model file a tgc command names -*- C++ -*-===//
//
// Every tgc subcommand that takes MODEL.mlir reads and picks its function
// the same way; these two functions are that way.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_MODELFILE_H
#define TGC_TOOLS_TGC_MODELFILE_H

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace tgc {

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

#endif // TGC_TOOLS_TGC_MODELFILE_H
