//===- Backend.h - the backend plug-in interface ----------------*- C++ -*-===//
//
// A backend has a name, says which ops it runs, prepares optimized tg IR
// for itself with a lowering pipeline, and turns a function into a Program
// that runs on host tensors. Adding a backend is a folder under backends/
// and one line in Registry.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_BACKEND_H
#define TGC_BACKENDS_BACKEND_H

#include "runtime/Executable.h"
#include "runtime/Signature.h"
#include "runtime/Tensor.h"

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tgc {

/// A function made ready to run on one backend.
class Program {
public:
  virtual ~Program() = default;
  virtual const Signature &signature() const = 0;
  /// Runs on `arguments` (signature order) and returns the results.
  virtual absl::StatusOr<std::vector<Tensor>>
  run(const std::vector<Tensor> &arguments, const RunOptions &options = {}) = 0;
  /// Bytes of intermediate storage: as planned (liveness reuse and in-place
  /// steps) and as the sum of every intermediate value; none for a backend
  /// that plans no memory.
  struct ArenaSize {
    int64_t planned = 0, unplanned = 0;
  };
  virtual std::optional<ArenaSize> arenaSize() const { return std::nullopt; }
  /// The program as bytes a compiled binary loads (`tgc compile`), or an
  /// error for a backend whose programs live only in-process.
  virtual absl::StatusOr<std::string> serialize() const {
    return absl::UnimplementedError("this backend cannot write its programs to "
                                    "a binary");
  }
};

class Backend {
public:
  virtual ~Backend() = default;
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  /// Whether the backend runs `op` once its lowering pipeline has run.
  virtual bool supportsOp(mlir::Operation *op) const = 0;
  /// Passes that prepare optimized tg IR for this backend, e.g. decomposing
  /// ops it lacks. Runs on a builtin.module.
  virtual void buildLoweringPipeline(mlir::OpPassManager &pm) const {}
  /// Whether programs run the optimized IR (tg-optimize first). The
  /// reference interprets the function as written.
  virtual bool optimizesInput() const { return true; }
  /// Compiles `fn`, which has been lowered and whose ops are all supported.
  virtual absl::StatusOr<std::unique_ptr<Program>>
  compile(mlir::func::FuncOp fn) const = 0;
};

/// Every registered backend, the reference first.
const std::vector<const Backend *> &backends();
/// The backend called `name`, or an error listing the known ones.
absl::StatusOr<const Backend *> findBackend(llvm::StringRef name);

/// Runs `backend`'s lowering pipeline on `module` and checks that it
/// supports every op of `fn`: an unsupported op is an error naming the op,
/// its location and the backend.
absl::Status lowerForBackend(const Backend &backend, mlir::ModuleOp module,
                             llvm::StringRef function);

/// The IR a backend runs: a copy of `module` after tg-optimize (when the
/// backend optimizes) and the backend's lowering pipeline, checked for
/// unsupported ops.
absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerCopy(const Backend &backend, mlir::ModuleOp module, llvm::StringRef function);

/// lowerCopy then compile: the whole path from tg IR to a runnable program.
absl::StatusOr<std::unique_ptr<Program>>
prepareProgram(const Backend &backend, mlir::ModuleOp module,
               llvm::StringRef function);

/// "file:line:col" (or a scope name) for messages.
std::string describeLocation(mlir::Location loc);

} // namespace tgc

#endif // TGC_BACKENDS_BACKEND_H
