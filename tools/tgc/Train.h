//===- Train.h - `tgc train`: a training loop over @train_step --*- C++ -*-===//
//
// The `train` subcommand of tgc: its command-line options live in Train.cpp
// and register themselves; tgc's main() asks whether it was chosen and runs
// it.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_TRAIN_H
#define TGC_TOOLS_TGC_TRAIN_H

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace tgc {

/// Whether the parsed command line is `tgc train ...`.
bool trainCommandChosen();

/// Runs `tgc train` as the parsed options say; returns the exit status
/// (errors are printed as "tgc: error: ...").
int runTrain();

/// Adds @train_step to `module` (tg-autodiff, then tg-make-train-step on
/// `fn` with the optimizer options of the command line, which `tgc train`
/// and `tgc compile --train` share) and drops every other function.
/// `modelFile` names the model in errors.
absl::StatusOr<mlir::func::FuncOp> buildTrainStep(mlir::ModuleOp module,
                                                  mlir::func::FuncOp fn,
                                                  llvm::StringRef modelFile);

/// The optimizer options, e.g. "training step: adam, lr 0.001, betas
/// 0.9/0.999, epsilon 1e-08".
std::string describeOptimizer();

} // namespace tgc

#endif // TGC_TOOLS_TGC_TRAIN_H
