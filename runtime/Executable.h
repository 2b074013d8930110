//===- Executable.h - a compiled program: kernels over planned buffers ---===//
//
// What a compiling backend produces: an ordered list of kernel calls
// ("steps") over values that live in argument tensors, constants, or one
// arena whose offsets were planned by liveness (values whose lifetimes do
// not overlap share memory; an elementwise step may write its output over
// an input that dies there). A reshape is an alias: a second view of its
// operand's storage. No MLIR here: a compiled model runs with the runtime
// and the backend's kernels only.
//
// An executable can be written out as bytes (serialize) and read back
// (deserialize): that is what `tgc compile` embeds in a binary. Each step
// keeps its kernel's spec, the backend's encoding of what the kernel does,
// and reading turns specs back into kernels with the backend's loader.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_EXECUTABLE_H
#define TGC_RUNTIME_EXECUTABLE_H

#include "runtime/Signature.h"
#include "runtime/Tensor.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tgc {

/// A kernel's view of one tensor: where it is and what it holds.
struct TensorView {
  void *data;
  DType dtype;
  const std::vector<int64_t> *shape;

  int64_t numElements() const { return shapeNumElements(*shape); }
  template <typename T> T *as() const { return static_cast<T *>(data); }
};

/// One compiled operation. Created once when the executable is built
/// (oneDNN primitives included), run many times.
class Kernel {
public:
  virtual ~Kernel() = default;
  /// Reads `inputs` and writes every element of `outputs`. An error is for
  /// data the compiler could not see (an index out of range).
  virtual absl::Status run(const std::vector<TensorView> &inputs,
                           const std::vector<TensorView> &outputs) = 0;
};

/// Where a step came from, for error messages and bisection.
struct StepOrigin {
  std::string opName;   // "tg.softmax"
  std::string location; // "model.mlir:12:5"
  /// The op's position in its function body (for bisection).
  int64_t opIndex = -1;
};

/// Makes a kernel from its spec (the bytes a backend encoded at compile
/// time); an error for a spec it cannot read.
using KernelLoader = std::function<absl::StatusOr<std::unique_ptr<Kernel>>(
    std::string_view spec)>;

struct RunOptions {
  /// Fill the arena with NaN bit patterns (0xFF bytes) before running, so
  /// an element a kernel forgets to write shows up.
  bool poison = false;
  /// Called before each step with where it came from and its input views
  /// (a step that works in place overwrites them: copy what must be kept).
  std::function<void(const StepOrigin &origin,
                     const std::vector<TensorView> &inputs)>
      beforeStep;
  /// Called after each step with where it came from and its output views.
  std::function<void(const StepOrigin &origin,
                     const std::vector<TensorView> &outputs)>
      afterStep;
};

class Executable {
public:
  const Signature &signature() const { return signature_; }
  size_t numSteps() const { return steps_.size(); }
  const StepOrigin &origin(size_t step) const { return steps_[step].origin; }
  /// Bytes of the planned arena (after reuse) and before reuse, for reports.
  int64_t arenaBytes() const { return arenaBytes_; }
  int64_t unplannedBytes() const { return unplannedBytes_; }

  /// Runs on `arguments` (in signature order; each checked against its
  /// spec) and returns the results as new tensors. Not thread-safe: the
  /// arena is reused across runs.
  absl::StatusOr<std::vector<Tensor>> run(const std::vector<Tensor> &arguments,
                                          const RunOptions &options = {});

  /// The whole executable as bytes, tagged with `backend`, the name of the
  /// backend whose kernel specs the steps hold. Deterministic: the same
  /// executable always gives the same bytes.
  std::string serialize(std::string_view backend) const;
  /// Reads what serialize wrote. `what` names the bytes in errors; the
  /// backend tag must be `backend`, and `loader` makes each step's kernel.
  static absl::StatusOr<std::unique_ptr<Executable>>
  deserialize(std::string_view bytes, const std::string &what,
              std::string_view backend, const KernelLoader &loader);

private:
  friend class ExecutableBuilder;
  void allocateArena();

  enum class Storage { Argument, Constant, Arena, Alias };
  struct Value {
    Storage storage = Storage::Arena;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    int64_t index = 0;  // argument / constant index, or aliased value
    int64_t offset = 0; // in the arena
  };
  struct Step {
    std::unique_ptr<Kernel> kernel;
    std::string kernelSpec;
    std::vector<int> inputs, outputs;
    StepOrigin origin;
    /// The input position whose storage output 0 may take (see addStep);
    /// -1 for none. Used by planning only.
    int overwritableInput = -1;
  };

  Signature signature_;
  std::vector<Value> values_;
  std::vector<Tensor> constants_;
  std::vector<Step> steps_;
  std::vector<int> results_;
  int64_t arenaBytes_ = 0;
  int64_t unplannedBytes_ = 0;
  std::shared_ptr<uint8_t[]> arena_;
};

/// Assembles an Executable: values, constants and steps in execution order,
/// then finish() plans the arena.
class ExecutableBuilder {
public:
  explicit ExecutableBuilder(Signature signature);

  /// Value ids of the arguments, in signature order.
  int argument(size_t position) const { return static_cast<int>(position); }
  int addConstant(Tensor value);
  /// A value computed by a step, stored in the arena.
  int addValue(DType dtype, std::vector<int64_t> shape);
  /// A value that is `source`'s storage seen with another shape (reshape).
  int addAlias(int source, std::vector<int64_t> shape);
  /// A kernel call; `kernelSpec` is what deserialize gives the loader to
  /// make the same kernel again. `overwritableInput`, when given, is an
  /// input position the kernel may run in place on: it reads each element
  /// of that input before it writes the same element of output 0, which
  /// has the input's dtype and shape. The plan then gives output 0 that
  /// input's storage when nothing reads the input afterwards.
  void addStep(std::unique_ptr<Kernel> kernel, std::string kernelSpec,
               std::vector<int> inputs, std::vector<int> outputs,
               StepOrigin origin, std::optional<int> overwritableInput = std::nullopt);
  void setResults(std::vector<int> results);

  DType dtypeOf(int value) const { return executable_->values_[value].dtype; }
  const std::vector<int64_t> &shapeOf(int value) const {
    return executable_->values_[value].shape;
  }

  /// Plans the arena: in-place outputs join their input's buffer, then
  /// buffers are placed first fit by decreasing size over live intervals.
  absl::StatusOr<std::unique_ptr<Executable>> finish();

private:
  std::unique_ptr<Executable> executable_;
};

} // namespace tgc

#endif // TGC_RUNTIME_EXECUTABLE_H
