//===- NumericsCheck.h - find the pass that changes a result ----*- C++ -*-===//
//
// A pass instrumentation for `tgc --check-numerics-after-each-pass`: it runs
// the function on the float64 reference backend with seeded random
// arguments before the pipeline and after every pass, and records the first
// pass after which an output departs from the original by more than the
// tolerance (relative error ||after - before|| / ||before||).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_NUMERICSCHECK_H
#define TGC_TOOLS_TGC_NUMERICSCHECK_H

#include "backends/reference/RefValue.h"
#include "runtime/Tensor.h"

#include "absl/status/status.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassInstrumentation.h"

#include <optional>
#include <string>
#include <vector>

namespace tgc {

class NumericsCheck : public mlir::PassInstrumentation {
public:
  NumericsCheck(std::string functionName, uint64_t seed, double tolerance)
      : functionName_(std::move(functionName)), seed_(seed),
        tolerance_(tolerance) {}

  /// Draws the arguments and evaluates the unoptimized function.
  absl::Status start(mlir::ModuleOp module);

  void runAfterPass(mlir::Pass *pass, mlir::Operation *op) override;

  /// The first departure, as a sentence naming the pass and the output.
  const std::optional<std::string> &failure() const { return failure_; }
  int passesChecked() const { return passesChecked_; }
  double largestError() const { return largestError_; }

private:
  std::string functionName_;
  uint64_t seed_;
  double tolerance_;
  std::vector<Tensor> arguments_;
  std::vector<std::string> resultNames_;
  std::vector<reference::RefValue> baseline_;
  std::optional<std::string> failure_;
  int passesChecked_ = 0;
  double largestError_ = 0;
};

} // namespace tgc

#endif // TGC_TOOLS_TGC_NUMERICSCHECK_H
