//===- ConformanceHarness.h - one graph on every backend --------*- C++ -*-===//
//
// The cross-backend harness: a case is a module with one @main; the harness
// draws seeded random arguments for it (never all zeros; integer index
// inputs within their tg.index_bound), evaluates the reference in float64,
// then prepares and runs @main on every other registered backend with
// poisoned outputs and compares each output by relative error
// ||out - ref|| / ||ref|| under toleranceOf(@main) (backends/Tolerance.h);
// integer and i1 outputs must match exactly, NaN positions must agree.
//
// `tgc conformance MODEL.mlir` is the command-line form of the same check.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TESTS_CONFORMANCE_CONFORMANCEHARNESS_H
#define TGC_TESTS_CONFORMANCE_CONFORMANCEHARNESS_H

#include "runtime/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tgc::conformance {

/// How a case is run.
struct CaseOptions {
  uint64_t seed = 20240607;
  /// Float arguments become |x| + 0.5 (for log, sqrt, rsqrt, pow bases).
  bool positiveInputs = false;
  /// Set for f16 / bf16 / f64 cases: the onednn backend must refuse the
  /// program with kUnimplemented and a message naming this op (e.g.
  /// "tg.add") and 'onednn'. Empty: every backend must run the case.
  std::string unsupportedOnOneDnn;
};

/// A context with the tg and func dialects loaded.
void loadDialects(mlir::MLIRContext &context);

/// Seeded random arguments for @main in signature order.
std::vector<Tensor> randomArguments(mlir::ModuleOp module,
                                    const CaseOptions &options);

/// Runs `module`'s @main on the reference and on every other backend and
/// compares; the failure message names the backend, the output, its error
/// and the tolerance.
::testing::AssertionResult conformsOnEveryBackend(mlir::ModuleOp module,
                                                  const CaseOptions &options = {});

} // namespace tgc::conformance

#endif // TGC_TESTS_CONFORMANCE_CONFORMANCEHARNESS_H
