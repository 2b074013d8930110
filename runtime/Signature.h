//===- Signature.h - a program's named arguments and results ----*- C++ -*-===//
//
// What a compiled or interpreted tg function takes and gives, by name:
// parameters (weights, found by name in a safetensors file), inputs, and
// results. Binding checks every tensor against its spec, so a wrong shape or
// dtype is reported with both types and the tensor's name, never run.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_SIGNATURE_H
#define TGC_RUNTIME_SIGNATURE_H

#include "runtime/DType.h"
#include "runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tgc {

struct TensorSpec {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;

  /// "f32[2x3]", as Tensor::typeString prints it.
  std::string typeString() const;
};

enum class ArgumentKind { Param, Input };

struct ArgumentSpec {
  ArgumentKind kind;
  TensorSpec tensor;
  /// For integer inputs used as indices: random inputs are drawn from
  /// [0, indexBound). Set by the `tg.index_bound` argument attribute.
  std::optional<int64_t> indexBound;
  /// A parameter of a training step that is optimizer state: it starts at
  /// zero instead of coming from the weights (`tg.optimizer_state`).
  bool optimizerState = false;
  /// An i64 scalar input that counts training steps (`tg.step_counter`):
  /// `tgc train` sets it to the step index; elsewhere an ordinary input.
  bool stepCounter = false;
};

struct Signature {
  std::vector<ArgumentSpec> arguments;
  std::vector<TensorSpec> results;
};

/// OK when `tensor` has the dtype and shape of `spec`; otherwise an error
/// naming `what` (e.g. "weight 'enc.w' in w.safetensors") and both types.
absl::Status checkTensorMatches(const TensorSpec &spec, const Tensor &tensor,
                                const std::string &what);

/// Checks `weights` (read from `source`, for messages) against the
/// program's weights: the parameters that are not optimizer state. Each
/// must be present with its type, and no other tensor may be there (a
/// renamed or misspelled weight), as PyTorch's strict load_state_dict.
absl::Status checkWeights(const Signature &signature,
                          const std::map<std::string, Tensor> &weights,
                          const std::string &source);

/// Where argument values come from when a program is run.
struct ArgumentSources {
  /// Parameters by name, and the file they came from (for messages).
  std::map<std::string, Tensor> weights;
  std::string weightsFile;
  /// Loading is strict, as PyTorch's load_state_dict: a weight that is no
  /// parameter of the program is an error (a renamed or misspelled tensor),
  /// unless this is set.
  bool allowUnusedWeights = false;
  /// Inputs by name, each with the file it came from.
  std::map<std::string, Tensor> inputs;
  std::map<std::string, std::string> inputFiles;
  /// When set, inputs not given are drawn with randomTensor from this seed.
  std::optional<uint64_t> randomInputSeed;
};

/// The argument tensors in signature order. Every parameter must be in the
/// weights and every input given (or randomized); each is checked against
/// its spec. Inputs given that the program does not have, and weights it
/// does not use (unless allowed), are errors, so a typo in a name is not
/// silently ignored.
absl::StatusOr<std::vector<Tensor>> bindArguments(const Signature &signature,
                                                  const ArgumentSources &sources);

/// A seeded random tensor for `spec`, never all zeros: floats from N(0, 1),
/// integers uniform in [0, indexBound) (default [0, 2)), i1 as 0 or 1.
/// Argument `position` is mixed into the seed so arguments differ.
Tensor randomTensor(const TensorSpec &spec, uint64_t seed, uint64_t position,
                    std::optional<int64_t> indexBound);

} // namespace tgc

#endif // TGC_RUNTIME_SIGNATURE_H
