//===- ReferenceProgram.cpp - the reference backend as a Backend ----------===//

#include "backends/reference/ReferenceProgram.h"

#include "backends/reference/Kernels.h"
#include "backends/reference/ReferenceBackend.h"
#include "ir/ProgramSignature.h"

#include "mlir/IR/OwningOpRef.h"

using namespace mlir;

namespace tgc::reference {
namespace {

class ReferenceProgram : public Program {
public:
  ReferenceProgram(OwningOpRef<ModuleOp> module, std::string function,
                   Signature signature)
      : module_(std::move(module)), function_(std::move(function)),
        signature_(std::move(signature)) {}

  const Signature &signature() const override { return signature_; }

  absl::StatusOr<std::vector<Tensor>> run(const std::vector<Tensor> &arguments,
                                          const RunOptions &) override {
    return evaluate(module_->lookupSymbol<func::FuncOp>(function_), arguments);
  }

private:
  OwningOpRef<ModuleOp> module_;
  std::string function_;
  Signature signature_;
};

class ReferenceBackendImpl : public Backend {
public:
  llvm::StringRef name() const override { return "reference"; }
  llvm::StringRef description() const override {
    return "the float64 reference interpreter";
  }
  bool supportsOp(Operation *op) const override { return isSupported(op); }
  bool optimizesInput() const override { return false; }
  absl::StatusOr<std::unique_ptr<Program>>
  compile(func::FuncOp fn) const override {
    absl::StatusOr<Signature> signature = tg::signatureOf(fn);
    if (!signature.ok())
      return signature.status();
    OwningOpRef<ModuleOp> copy(cast<ModuleOp>(fn->getParentOp()->clone()));
    return std::unique_ptr<Program>(new ReferenceProgram(
        std::move(copy), fn.getSymName().str(), std::move(*signature)));
  }
};

} // namespace

const Backend &referenceBackend() {
  static const ReferenceBackendImpl backend;
  return backend;
}

} // namespace tgc::reference
