//===- Backend.cpp - lowering and support checks shared by backends ------===//

#include "backends/Backend.h"

#include "passes/Pipelines.h"

#include "absl/strings/str_cat.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace tgc {

std::string describeLocation(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else if (auto name = dyn_cast<NameLoc>(loc))
    os << name.getName().getValue();
  else if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty())
    os << describeLocation(fused.getLocations().front());
  else
    os << loc;
  return text;
}

absl::StatusOr<const Backend *> findBackend(llvm::StringRef name) {
  std::string known;
  for (const Backend *backend : backends()) {
    if (backend->name() == name)
      return backend;
    known += (known.empty() ? "" : ", ") + backend->name().str();
  }
  return absl::NotFoundError(absl::StrCat("no backend named '", name.str(),
                                          "'; backends: ", known));
}

absl::Status lowerForBackend(const Backend &backend, ModuleOp module,
                             llvm::StringRef function) {
  PassManager pm(module.getContext());
  backend.buildLoweringPipeline(pm);
  std::string diagnostics;
  {
    ScopedDiagnosticHandler capture(module.getContext(), [&](Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return success();
    });
    if (failed(pm.run(module)))
      return absl::InternalError(absl::StrCat("lowering for backend '",
                                              backend.name().str(),
                                              "' failed: ", diagnostics));
  }
  auto fn = module.lookupSymbol<func::FuncOp>(function);
  if (!fn)
    return absl::NotFoundError(absl::StrCat("no function @", function.str()));
  // Top-level ops only: a supported op's regions (a fused_elementwise
  // body) are its own business.
  for (Operation &op : fn.getBody().front()) {
    if (isa<func::ReturnOp>(op) || backend.supportsOp(&op))
      continue;
    return absl::UnimplementedError(absl::StrCat(
        describeLocation(op.getLoc()), ": '", op.getName().getStringRef().str(),
        "' op is not supported by backend '", backend.name().str(), "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<OwningOpRef<ModuleOp>>
lowerCopy(const Backend &backend, ModuleOp module, llvm::StringRef function) {
  OwningOpRef<ModuleOp> copy(module.clone());
  if (backend.optimizesInput()) {
    PassManager pm(module.getContext());
    buildOptimizePipeline(pm, OptimizeOptions());
    std::string diagnostics;
    ScopedDiagnosticHandler capture(module.getContext(), [&](Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return success();
    });
    if (failed(pm.run(*copy)))
      return absl::InternalError("tg-optimize failed: " + diagnostics);
  }
  if (absl::Status s = lowerForBackend(backend, *copy, function); !s.ok())
    return s;
  return copy;
}

absl::StatusOr<std::unique_ptr<Program>>
prepareProgram(const Backend &backend, ModuleOp module, llvm::StringRef function) {
  absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
      lowerCopy(backend, module, function);
  if (!lowered.ok())
    return lowered.status();
  return backend.compile((*lowered)->lookupSymbol<func::FuncOp>(function));
}

} // namespace tgc
