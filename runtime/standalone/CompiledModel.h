//===- CompiledModel.h - what a `tgc compile` binary runs -------*- C++ -*-===//
//
// A compiled binary is three parts linked together:
//   - an object file `tgc compile` emits, holding the program (a serialized
//     Executable), the weights when they were embedded, and the model's name;
//   - the backend's runtime (BackendRuntime below: its kernel loader);
//   - this library: main() for executables, the C API for shared libraries.
//
// Nothing here knows MLIR or LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_STANDALONE_COMPILEDMODEL_H
#define TGC_RUNTIME_STANDALONE_COMPILEDMODEL_H

#include "runtime/Executable.h"

#include "absl/status/statusor.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tgc {

/// The bytes `tgc compile` put into the binary.
struct ModelImage {
  std::string_view name;    // the model's file name, for messages
  std::string_view about;   // how it was compiled ("training step: adam ...")
  std::string_view program; // Executable::serialize
  std::string_view weights; // .safetensors bytes; empty when not embedded
};

/// How a backend's programs come back to life in a binary.
struct BackendRuntime {
  std::string_view name;
  KernelLoader loader;
  /// Called on the thread that runs the program, before each run.
  void (*beforeRun)() = nullptr;
};

/// The image linked into this binary (defined by the object `tgc compile`
/// emits) and the backend linked with it (defined by the backend's runtime
/// library).
const ModelImage &linkedModelImage();
const BackendRuntime &linkedBackendRuntime();

/// The image's program, with kernels made by `backend`.
absl::StatusOr<std::unique_ptr<Executable>> loadProgram(const ModelImage &image,
                                                        const BackendRuntime &backend);

/// Weights from `path` when given, else the embedded ones (an error when
/// there are none); `source` says where they came from, for messages.
absl::StatusOr<std::map<std::string, Tensor>>
loadWeights(const ModelImage &image, const std::string &path, std::string *source);

/// A loaded program with its weights bound: the arguments it needs are its
/// inputs, in signature order.
class CompiledModel {
public:
  /// Loads `image`'s program; its parameters come from `weightsPath` when
  /// given, else from the embedded weights. Every weight is checked by name,
  /// shape and dtype.
  static absl::StatusOr<std::unique_ptr<CompiledModel>>
  load(const ModelImage &image, const BackendRuntime &backend,
       const std::string &weightsPath);

  const Signature &signature() const { return executable_->signature(); }
  /// The program's inputs (its non-parameter arguments), in order.
  const std::vector<const ArgumentSpec *> &inputs() const { return inputs_; }

  /// Runs with `inputs` in inputs() order.
  absl::StatusOr<std::vector<Tensor>> run(const std::vector<Tensor> &inputs);
  /// Runs with every argument given (parameters included), as bindArguments
  /// returns them.
  absl::StatusOr<std::vector<Tensor>> runArguments(const std::vector<Tensor> &arguments);

  /// The parameters, by name, as loaded.
  const std::map<std::string, Tensor> &weights() const { return weights_; }
  const std::string &weightsSource() const { return weightsSource_; }

private:
  std::unique_ptr<Executable> executable_;
  const BackendRuntime *backend_ = nullptr;
  std::map<std::string, Tensor> weights_;
  std::string weightsSource_;
  std::vector<const ArgumentSpec *> inputs_;
};

} // namespace tgc

#endif // TGC_RUNTIME_STANDALONE_COMPILEDMODEL_H
