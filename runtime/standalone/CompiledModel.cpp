//===- CompiledModel.cpp - loading a compiled program and its weights -----===//

#include "runtime/standalone/CompiledModel.h"

#include "runtime/Safetensors.h"

#include "absl/strings/str_cat.h"

namespace tgc {

absl::StatusOr<std::unique_ptr<Executable>> loadProgram(const ModelImage &image,
                                                        const BackendRuntime &backend) {
  return Executable::deserialize(image.program,
                                 absl::StrCat("the program of ", std::string(image.name)),
                                 backend.name, backend.loader);
}

absl::StatusOr<std::map<std::string, Tensor>>
loadWeights(const ModelImage &image, const std::string &path, std::string *source) {
  if (!path.empty()) {
    *source = path;
    return readSafetensors(path);
  }
  if (image.weights.empty())
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(image.name),
                     " has no embedded weights: give --weights FILE.safetensors"));
  *source = absl::StrCat("the weights embedded in ", std::string(image.name));
  return readSafetensorsFromBuffer(image.weights, *source);
}

absl::StatusOr<std::unique_ptr<CompiledModel>>
CompiledModel::load(const ModelImage &image, const BackendRuntime &backend,
                    const std::string &weightsPath) {
  auto model = std::unique_ptr<CompiledModel>(new CompiledModel);
  model->backend_ = &backend;
  absl::StatusOr<std::unique_ptr<Executable>> executable = loadProgram(image, backend);
  if (!executable.ok())
    return executable.status();
  model->executable_ = std::move(*executable);

  const Signature &signature = model->signature();
  bool hasParams = false;
  for (const ArgumentSpec &arg : signature.arguments) {
    if (arg.kind == ArgumentKind::Input)
      model->inputs_.push_back(&arg);
    hasParams |= arg.kind == ArgumentKind::Param;
  }
  absl::StatusOr<std::map<std::string, Tensor>> weights =
      hasParams || !weightsPath.empty()
          ? loadWeights(image, weightsPath, &model->weightsSource_)
          : std::map<std::string, Tensor>();
  if (!weights.ok())
    return weights.status();
  model->weights_ = std::move(*weights);

  if (absl::Status s = checkWeights(signature, model->weights_, model->weightsSource_);
      !s.ok())
    return s;
  return model;
}

absl::StatusOr<std::vector<Tensor>>
CompiledModel::run(const std::vector<Tensor> &inputs) {
  if (inputs.size() != inputs_.size())
    return absl::InvalidArgumentError(absl::StrCat(
        "the program takes ", inputs_.size(), " inputs, got ", inputs.size()));
  std::vector<Tensor> arguments;
  size_t nextInput = 0;
  for (const ArgumentSpec &arg : signature().arguments)
    arguments.push_back(arg.kind == ArgumentKind::Param ? weights_.at(arg.tensor.name)
                                                        : inputs[nextInput++]);
  return runArguments(arguments);
}

absl::StatusOr<std::vector<Tensor>>
CompiledModel::runArguments(const std::vector<Tensor> &arguments) {
  if (backend_->beforeRun)
    backend_->beforeRun();
  return executable_->run(arguments);
}

} // namespace tgc
