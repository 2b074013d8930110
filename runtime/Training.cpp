//===- Training.cpp - the loop that runs a compiled training step ---------===//

#include "runtime/Training.h"

#include "runtime/DType.h"
#include "runtime/Safetensors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/numbers.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tgc {
namespace {

/// "f32[Nx4x3]": `spec` with a leading batch dimension.
std::string batchedType(const TensorSpec &spec) {
  std::string dims = "N";
  for (int64_t d : spec.shape)
    absl::StrAppend(&dims, "x", d);
  return absl::StrCat(std::string(dtypeName(spec.dtype)), "[", dims, "]");
}

/// The schedule of input `name`, or null.
const InputSchedule *findSchedule(const std::vector<InputSchedule> &schedules,
                                  const std::string &name) {
  for (const InputSchedule &s : schedules)
    if (s.name == name)
      return &s;
  return nullptr;
}

} // namespace

double InputSchedule::at(int64_t step, int64_t steps) const {
  double t = steps > 1 ? static_cast<double>(step) / static_cast<double>(steps - 1)
                       : 0.0;
  return exponential ? start * std::pow(end / start, t) : start + (end - start) * t;
}

absl::StatusOr<InputSchedule> parseInputSchedule(const std::string &text) {
  auto bad = [&](const std::string &why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "schedule '", text, "': ", why, " (expected NAME=START:END[:linear|exp])"));
  };
  size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0)
    return bad("no NAME=");
  InputSchedule s;
  s.name = text.substr(0, equals);
  std::vector<std::string> parts = absl::StrSplit(text.substr(equals + 1), ':');
  if (parts.size() < 2 || parts.size() > 3)
    return bad("needs START:END");
  if (!absl::SimpleAtod(parts[0], &s.start) || !absl::SimpleAtod(parts[1], &s.end) ||
      !std::isfinite(s.start) || !std::isfinite(s.end))
    return bad("START and END must be finite numbers");
  if (parts.size() == 3 && parts[2] != "linear" && parts[2] != "exp")
    return bad("the shape must be linear or exp");
  s.exponential = parts.size() == 3 && parts[2] == "exp";
  if (s.exponential && !(s.start > 0 && s.end > 0))
    return bad("exp needs START > 0 and END > 0");
  return s;
}

Tensor TrainingData::batch(const TensorSpec &spec, int64_t index) const {
  const Tensor &all = tensors.at(spec.name);
  size_t bytes = all.byteSize() / static_cast<size_t>(numBatches);
  return Tensor::borrow(spec.dtype, spec.shape,
                        const_cast<char *>(static_cast<const char *>(all.data())) +
                            static_cast<size_t>(index) * bytes);
}

absl::StatusOr<TrainingData>
readTrainingData(const Signature &trainStep, const std::string &path,
                 const std::vector<InputSchedule> &schedules) {
  for (const InputSchedule &s : schedules)
    if (std::none_of(trainStep.arguments.begin(), trainStep.arguments.end(),
                     [&](const ArgumentSpec &arg) {
                       return arg.kind == ArgumentKind::Input && !arg.stepCounter &&
                              arg.tensor.name == s.name &&
                              arg.tensor.dtype == DType::F32 &&
                              arg.tensor.shape.empty();
                     }))
      return absl::InvalidArgumentError(absl::StrCat(
          "schedule for '", s.name, "': the model has no f32 scalar input '",
          s.name, "' to set"));
  std::vector<const TensorSpec *> inputs;
  std::vector<std::string> inputNames;
  for (const ArgumentSpec &arg : trainStep.arguments)
    if (arg.kind == ArgumentKind::Input && !arg.stepCounter &&
        !findSchedule(schedules, arg.tensor.name)) {
      inputs.push_back(&arg.tensor);
      inputNames.push_back(arg.tensor.name);
    }
  TrainingData data;
  if (path.empty()) {
    if (inputs.empty())
      return data;
    return absl::InvalidArgumentError(absl::StrCat(
        "the model has inputs (", absl::StrJoin(inputNames, ", "),
        "); give --data FILE.safetensors with a tensor [numBatches, ...] for each"));
  }
  absl::StatusOr<std::map<std::string, Tensor>> tensors = readSafetensors(path);
  if (!tensors.ok())
    return tensors.status();
  for (const auto &[name, tensor] : *tensors)
    if (std::find(inputNames.begin(), inputNames.end(), name) == inputNames.end())
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": tensor '", name, "' (", tensor.typeString(),
          ") is not an input of the model; its inputs are: ",
          inputNames.empty() ? "(none)" : absl::StrJoin(inputNames, ", ")));
  std::string countFrom;
  for (const TensorSpec *spec : inputs) {
    std::string expected = absl::StrCat(batchedType(*spec), " (numBatches of ",
                                        spec->typeString(), ")");
    auto it = tensors->find(spec->name);
    if (it == tensors->end())
      return absl::NotFoundError(absl::StrCat(path, ": missing tensor '", spec->name,
                                              "' for input '", spec->name, "', ",
                                              expected));
    const Tensor &t = it->second;
    bool matches = t.dtype() == spec->dtype && t.rank() == spec->shape.size() + 1 &&
                   std::equal(spec->shape.begin(), spec->shape.end(),
                              t.shape().begin() + 1);
    if (!matches)
      return absl::InvalidArgumentError(absl::StrCat(path, ": tensor '", spec->name,
                                                     "' is ", t.typeString(),
                                                     " but input '", spec->name,
                                                     "' needs ", expected));
    int64_t count = t.shape()[0];
    if (count == 0)
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": tensor '", spec->name, "' holds no batches (", t.typeString(), ")"));
    if (countFrom.empty()) {
      data.numBatches = count;
      countFrom = spec->name;
    } else if (count != data.numBatches) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": tensor '", spec->name, "' has ", count, " batches but '", countFrom,
          "' has ", data.numBatches, "; every input needs the same number"));
    }
  }
  data.tensors = std::move(*tensors);
  return data;
}

int64_t countOptimizerState(const Signature &trainStep,
                            const std::map<std::string, Tensor> &params) {
  int64_t count = 0;
  for (const ArgumentSpec &arg : trainStep.arguments)
    count += arg.kind == ArgumentKind::Param && !params.count(arg.tensor.name);
  return count;
}

absl::StatusOr<std::map<std::string, Tensor>>
runTrainingLoop(const Signature &trainStep, const TrainStepRunner &runStep,
                const std::map<std::string, Tensor> &params, const TrainingData &data,
                const TrainingOptions &options) {
  // The arguments: params, optimizer state (zeros), then each step's batch.
  const std::vector<ArgumentSpec> &arguments = trainStep.arguments;
  std::vector<Tensor> args(arguments.size());
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const ArgumentSpec &arg = arguments[i];
    position[arg.tensor.name] = i;
    if (arg.kind != ArgumentKind::Param)
      continue;
    auto it = params.find(arg.tensor.name);
    if (it != params.end()) {
      args[i] = it->second;
    } else {
      Tensor zeros = Tensor::allocate(arg.tensor.dtype, arg.tensor.shape);
      std::fill_n(static_cast<char *>(zeros.data()), zeros.byteSize(), 0);
      args[i] = std::move(zeros);
    }
  }
  // Result new.X becomes argument X of the next step.
  std::vector<std::pair<size_t, size_t>> feedback; // (result, argument)
  for (size_t r = 1; r < trainStep.results.size(); ++r) {
    const std::string &name = trainStep.results[r].name;
    auto it = name.rfind("new.", 0) == 0 ? position.find(name.substr(4)) : position.end();
    if (it == position.end())
      return absl::InvalidArgumentError(
          absl::StrCat("the training step's result '", name, "' names no argument to update"));
    feedback.push_back({r, it->second});
  }

  using Clock = std::chrono::steady_clock;
  Clock::time_point lastLog = Clock::now();
  int64_t lastLogStep = 0;
  for (int64_t step = 0; step < options.steps; ++step) {
    for (size_t i = 0; i < arguments.size(); ++i) {
      const ArgumentSpec &arg = arguments[i];
      if (arg.kind != ArgumentKind::Input)
        continue;
      if (arg.stepCounter) {
        args[i] = Tensor::allocate(DType::I64, {});
        args[i].dataAs<int64_t>()[0] = step;
      } else if (const InputSchedule *s = findSchedule(options.schedules, arg.tensor.name)) {
        args[i] = Tensor::allocate(DType::F32, {});
        args[i].dataAs<float>()[0] = static_cast<float>(s->at(step, options.steps));
      } else {
        args[i] = data.batch(arg.tensor, step % data.numBatches);
      }
    }
    absl::StatusOr<std::vector<Tensor>> results = runStep(args);
    if (!results.ok())
      return absl::Status(results.status().code(),
                          absl::StrCat("step ", step + 1, ": ", results.status().message()));
    const Tensor &lossTensor = (*results)[0];
    double loss = loadAsDouble(lossTensor.dtype(), lossTensor.data(), 0);
    if (!std::isfinite(loss))
      return absl::OutOfRangeError(absl::StrCat("step ", step + 1, ": the loss is ", loss,
                                                "; a smaller --lr may help"));
    for (auto [r, a] : feedback)
      args[a] = (*results)[r];
    if (options.log && ((step + 1) % options.logEvery == 0 || step + 1 == options.steps)) {
      Clock::time_point now = Clock::now();
      double seconds = std::chrono::duration<double>(now - lastLog).count();
      double rate = seconds > 0 ? static_cast<double>(step + 1 - lastLogStep) / seconds : 0;
      options.log(absl::StrFormat("step %d/%d  loss %.6g  %.1f steps/s", step + 1,
                                  options.steps, loss, rate));
      lastLog = now;
      lastLogStep = step + 1;
    }
  }

  std::map<std::string, Tensor> trained;
  for (const auto &[name, initial] : params)
    trained[name] = args[position.at(name)];
  return trained;
}

} // namespace tgc
