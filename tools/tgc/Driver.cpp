//===- Driver.cpp - what every tgc subcommand shares ----------------------===//

#include "tools/tgc/Driver.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace mlir;

namespace tgc {

int fail(const llvm::Twine &message) {
  llvm::errs() << "tgc: error: " << message << "\n";
  return 1;
}

int fail(const absl::Status &status) { return fail(std::string(status.message())); }

OwningOpRef<ModuleOp> loadModelFile(MLIRContext &context, const std::string &path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    fail(error);
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

absl::StatusOr<func::FuncOp> pickModelFunction(ModuleOp module,
                                               const std::string &wanted,
                                               const std::string &path) {
  auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
  if (wanted.empty() && functions.size() == 1)
    return functions.front();
  std::string name = wanted.empty() ? "main" : wanted;
  std::vector<std::string> names;
  for (func::FuncOp fn : functions) {
    if (fn.getSymName() == name)
      return fn;
    names.push_back("@" + fn.getSymName().str());
  }
  return absl::NotFoundError(absl::StrCat(
      path, ": no function @", name, " (functions: ",
      names.empty() ? "none" : absl::StrJoin(names, " "), "); choose one with --function"));
}

} // namespace tgc
