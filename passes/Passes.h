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

#include <memory>

namespace tgc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace tgc

#endif // TGC_PASSES_PASSES_H
