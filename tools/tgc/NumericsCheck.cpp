//===- NumericsCheck.cpp - find the pass that changes a result ------------===//

#include "tools/tgc/NumericsCheck.h"

#include "backends/reference/ReferenceBackend.h"
#include "ir/ProgramSignature.h"
#include "runtime/Signature.h"

#include "absl/strings/str_cat.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <cmath>

using namespace mlir;

namespace tgc {
namespace {

func::FuncOp findFunction(Operation *op, const std::string &name) {
  if (auto fn = dyn_cast<func::FuncOp>(op))
    return fn.getSymName() == name ? fn : nullptr;
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    module = op->getParentOfType<ModuleOp>();
  return module ? module.lookupSymbol<func::FuncOp>(name) : nullptr;
}


} // namespace

absl::Status NumericsCheck::start(ModuleOp module) {
  func::FuncOp fn = findFunction(module, functionName_);
  if (!fn)
    return absl::NotFoundError("no function @" + functionName_);
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return signature.status();
  for (auto [position, arg] : llvm::enumerate(signature->arguments))
    arguments_.push_back(randomTensor(arg.tensor, seed_, position, arg.indexBound));
  for (const TensorSpec &result : signature->results)
    resultNames_.push_back(result.name);
  absl::StatusOr<std::vector<reference::RefValue>> baseline =
      reference::evaluateInFloat64(fn, arguments_);
  if (!baseline.ok())
    return baseline.status();
  baseline_ = std::move(*baseline);
  return absl::OkStatus();
}

void NumericsCheck::runAfterPass(Pass *pass, Operation *op) {
  // Pass-manager adaptors (which only run nested pipelines) have no
  // command-line name; the passes inside them are checked on their own.
  if (failure_ || pass->getArgument().empty())
    return;
  func::FuncOp fn = findFunction(op, functionName_);
  if (!fn)
    return;
  ++passesChecked_;
  std::string passName = pass->getArgument().str();
  absl::StatusOr<std::vector<reference::RefValue>> results =
      reference::evaluateInFloat64(fn, arguments_);
  if (!results.ok()) {
    failure_ = absl::StrCat("after pass '", passName,
                            "' the function no longer evaluates: ",
                            results.status().message());
    return;
  }
  for (size_t i = 0; i < baseline_.size() && i < results->size(); ++i) {
    double error = reference::relativeError((*results)[i], baseline_[i]);
    largestError_ = std::max(largestError_, error);
    if (error > tolerance_) {
      failure_ = absl::StrCat("pass '", passName, "' changed output '",
                              resultNames_[i], "': relative error ", error,
                              " > tolerance ", tolerance_);
      return;
    }
  }
}

} // namespace tgc
