//===- Executable.cpp - buffer planning and the executor ------------------===//

#include "runtime/Executable.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace tgc {
namespace {

constexpr int64_t kAlignment = 64;

int64_t alignUp(int64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

} // namespace

ExecutableBuilder::ExecutableBuilder(Signature signature)
    : executable_(new Executable) {
  executable_->signature_ = std::move(signature);
  for (size_t i = 0; i < executable_->signature_.arguments.size(); ++i) {
    const TensorSpec &spec = executable_->signature_.arguments[i].tensor;
    executable_->values_.push_back(
        {Executable::Storage::Argument, spec.dtype, spec.shape,
         static_cast<int64_t>(i), 0});
  }
}

int ExecutableBuilder::addConstant(Tensor value) {
  executable_->values_.push_back(
      {Executable::Storage::Constant, value.dtype(), value.shape(),
       static_cast<int64_t>(executable_->constants_.size()), 0});
  executable_->constants_.push_back(std::move(value));
  return static_cast<int>(executable_->values_.size() - 1);
}

int ExecutableBuilder::addValue(DType dtype, std::vector<int64_t> shape) {
  executable_->values_.push_back(
      {Executable::Storage::Arena, dtype, std::move(shape), 0, 0});
  return static_cast<int>(executable_->values_.size() - 1);
}

int ExecutableBuilder::addAlias(int source, std::vector<int64_t> shape) {
  // Aliases of aliases point at the storage owner.
  while (executable_->values_[source].storage == Executable::Storage::Alias)
    source = static_cast<int>(executable_->values_[source].index);
  executable_->values_.push_back({Executable::Storage::Alias,
                                  executable_->values_[source].dtype,
                                  std::move(shape), source, 0});
  return static_cast<int>(executable_->values_.size() - 1);
}

void ExecutableBuilder::addStep(std::unique_ptr<Kernel> kernel,
                                std::string kernelSpec, std::vector<int> inputs,
                                std::vector<int> outputs, StepOrigin origin,
                                std::optional<int> overwritableInput) {
  executable_->steps_.push_back({std::move(kernel), std::move(kernelSpec),
                                 std::move(inputs), std::move(outputs),
                                 std::move(origin), overwritableInput.value_or(-1)});
}

void ExecutableBuilder::setResults(std::vector<int> results) {
  executable_->results_ = std::move(results);
}

absl::StatusOr<std::unique_ptr<Executable>> ExecutableBuilder::finish() {
  Executable &e = *executable_;
  auto owner = [&](int v) {
    return e.values_[v].storage == Executable::Storage::Alias
               ? static_cast<int>(e.values_[v].index)
               : v;
  };
  // Live interval [first step, last step] of each arena value; results
  // live to the end.
  size_t n = e.values_.size();
  std::vector<int64_t> first(n, -1), last(n, -1);
  for (size_t s = 0; s < e.steps_.size(); ++s) {
    for (int v : e.steps_[s].outputs) {
      int o = owner(v);
      if (first[o] < 0)
        first[o] = static_cast<int64_t>(s);
      last[o] = std::max<int64_t>(last[o], static_cast<int64_t>(s));
    }
    for (int v : e.steps_[s].inputs) {
      int o = owner(v);
      last[o] = std::max<int64_t>(last[o], static_cast<int64_t>(s));
    }
  }
  int64_t end = static_cast<int64_t>(e.steps_.size());
  for (int v : e.results_)
    last[owner(v)] = end;

  auto isArena = [&](int v) { return e.values_[v].storage == Executable::Storage::Arena; };
  auto bytes = [&](int v) {
    return alignUp(shapeNumElements(e.values_[v].shape) *
                   static_cast<int64_t>(dtypeSize(e.values_[v].dtype)));
  };
  for (size_t v = 0; v < n; ++v)
    if (isArena(static_cast<int>(v)) && first[v] < 0)
      return absl::InternalError(absl::StrCat(
          "executable value ", v, " is never written by a step"));

  // Buffers: an in-place output joins the buffer of the input it
  // overwrites, when that input's storage is read by no later step and by
  // no other view in this step (a reshape of it read in another order).
  std::vector<int> bufferOf(n);
  for (size_t v = 0; v < n; ++v)
    bufferOf[v] = static_cast<int>(v);
  for (size_t s = 0; s < e.steps_.size(); ++s) {
    const Executable::Step &step = e.steps_[s];
    if (step.overwritableInput < 0 ||
        step.overwritableInput >= static_cast<int>(step.inputs.size()) ||
        step.outputs.empty())
      continue;
    int input = step.inputs[step.overwritableInput];
    int storage = owner(input), output = step.outputs[0];
    const Executable::Value &in = e.values_[input], &out = e.values_[output];
    bool sameType = in.dtype == out.dtype && in.shape == out.shape;
    bool soleView = std::all_of(step.inputs.begin(), step.inputs.end(), [&](int other) {
      return owner(other) != storage || other == input;
    });
    if (isArena(storage) && isArena(output) && last[storage] == static_cast<int64_t>(s) &&
        first[output] == static_cast<int64_t>(s) && sameType && soleView)
      bufferOf[output] = bufferOf[storage];
  }
  // Each buffer's live interval is its values' union (a chain of values,
  // each born where the one before dies).
  std::vector<int64_t> bufferFirst(n, -1), bufferLast(n, -1);
  std::vector<int> buffers;
  for (size_t v = 0; v < n; ++v) {
    if (!isArena(static_cast<int>(v)))
      continue;
    int b = bufferOf[v];
    if (bufferFirst[b] < 0)
      buffers.push_back(b);
    bufferFirst[b] = bufferFirst[b] < 0 ? first[v] : std::min(bufferFirst[b], first[v]);
    bufferLast[b] = std::max(bufferLast[b], last[v]);
    e.unplannedBytes_ += bytes(static_cast<int>(v));
  }

  std::stable_sort(buffers.begin(), buffers.end(),
                   [&](int a, int b) { return bytes(a) > bytes(b); });
  std::vector<int> placed;
  for (int b : buffers) {
    // Occupied ranges of placed buffers whose lifetimes overlap b's.
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (int p : placed)
      if (bufferFirst[p] <= bufferLast[b] && bufferFirst[b] <= bufferLast[p])
        busy.push_back({e.values_[p].offset, e.values_[p].offset + bytes(p)});
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (auto [lo, hi] : busy) {
      if (offset + bytes(b) <= lo)
        break;
      offset = std::max(offset, hi);
    }
    e.values_[b].offset = offset;
    e.arenaBytes_ = std::max(e.arenaBytes_, offset + bytes(b));
    placed.push_back(b);
  }
  for (size_t v = 0; v < n; ++v)
    if (isArena(static_cast<int>(v)))
      e.values_[v].offset = e.values_[bufferOf[v]].offset;
  e.allocateArena();
  return std::move(executable_);
}

void Executable::allocateArena() {
  if (arenaBytes_ > 0)
    arena_ = std::shared_ptr<uint8_t[]>(
        new (std::align_val_t(kAlignment)) uint8_t[arenaBytes_],
        [](uint8_t *p) { ::operator delete[](p, std::align_val_t(kAlignment)); });
}

absl::StatusOr<std::vector<Tensor>>
Executable::run(const std::vector<Tensor> &arguments, const RunOptions &options) {
  if (arguments.size() != signature_.arguments.size())
    return absl::InvalidArgumentError(absl::StrCat(
        "the program takes ", signature_.arguments.size(), " arguments, got ",
        arguments.size()));
  for (size_t i = 0; i < arguments.size(); ++i) {
    const TensorSpec &spec = signature_.arguments[i].tensor;
    if (absl::Status s = checkTensorMatches(
            spec, arguments[i], absl::StrCat("argument '", spec.name, "'"));
        !s.ok())
      return s;
  }
  if (options.poison && arenaBytes_ > 0)
    std::memset(arena_.get(), 0xFF, arenaBytes_);

  auto dataOf = [&](const Value &value) -> void * {
    switch (value.storage) {
    case Storage::Argument:
      return const_cast<void *>(arguments[value.index].data());
    case Storage::Constant:
      return constants_[value.index].data();
    case Storage::Arena:
      return arena_.get() + value.offset;
    case Storage::Alias:
      return nullptr; // resolved below
    }
    return nullptr;
  };
  auto view = [&](int id) {
    const Value &value = values_[id];
    const Value &storage =
        value.storage == Storage::Alias ? values_[value.index] : value;
    return TensorView{dataOf(storage), value.dtype, &value.shape};
  };

  std::vector<TensorView> inputs, outputs;
  for (size_t s = 0; s < steps_.size(); ++s) {
    Step &step = steps_[s];
    inputs.clear();
    outputs.clear();
    for (int v : step.inputs)
      inputs.push_back(view(v));
    for (int v : step.outputs)
      outputs.push_back(view(v));
    if (options.beforeStep)
      options.beforeStep(step.origin, inputs);
    if (absl::Status status = step.kernel->run(inputs, outputs); !status.ok())
      return absl::Status(status.code(),
                          absl::StrCat(step.origin.location, ": '",
                                       step.origin.opName, "' op ",
                                       status.message()));
    if (options.afterStep)
      options.afterStep(step.origin, outputs);
  }

  std::vector<Tensor> results;
  for (int v : results_) {
    TensorView source = view(v);
    Tensor t = Tensor::allocateForOverwrite(source.dtype, *source.shape);
    std::memcpy(t.data(), source.data, t.byteSize());
    results.push_back(std::move(t));
  }
  return results;
}

} // namespace tgc
