//===- Conformance.h - every backend against the float64 reference -*- C++ -*-===//

#ifndef TGC_TOOLS_TGC_CONFORMANCE_H
#define TGC_TOOLS_TGC_CONFORMANCE_H

#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace tgc {

struct ConformanceOptions {
  /// Backends to compare with the reference, which is the yardstick and
  /// not one of them.
  std::vector<std::string> backends;
  /// On a failure, find the first op whose result departs.
  bool bisect = false;
};

/// Runs `fn` on the reference (float64, as written) and on each backend
/// (optimized and lowered), prints per output the relative error and
/// PASS/FAIL under the function's tolerance, and returns whether all pass.
bool runConformance(mlir::ModuleOp module, mlir::func::FuncOp fn,
                    const std::vector<Tensor> &arguments,
                    const ConformanceOptions &options, llvm::raw_ostream &os);

} // namespace tgc

#endif // TGC_TOOLS_TGC_CONFORMANCE_H
