//===- Passes.h - tg passes -------------------------------------*- C++ -*-===//
//
// The passes declared in Passes.td: create<Name>Pass() for each, and
// registerTgPasses() to make them all known to a pass driver (tg-opt) by
// their command-line names.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_PASSES_PASSES_H
#define TGC_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <functional>
#include <memory>

namespace tgc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// tg-decompose-rnn limited to the tg.lstm / tg.gru ops for which
/// `shouldDecompose` holds: a backend with its own recurrent kernels keeps
/// the ops it runs and expands the rest.
std::unique_ptr<mlir::Pass>
createDecomposeRnnPass(std::function<bool(mlir::Operation *)> shouldDecompose);

} // namespace tgc

#endif // TGC_PASSES_PASSES_H
