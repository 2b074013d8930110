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

  // Every parameter present with its type, and no stray tensor: a renamed
  // or misspelled weight is an error, as in `tgc run`.
  for (const ArgumentSpec &arg : signature.arguments) {
    if (arg.kind != ArgumentKind::Param)
      continue;
    auto it = model->weights_.find(arg.tensor.name);
    if (it == model->weights_.end())
      return absl::NotFoundError(absl::StrCat(model->weightsSource_,
                                              ": missing weight '", arg.tensor.name,
                                              "' (", arg.tensor.typeString(), ")"));
    if (absl::Status s = checkTensorMatches(
            arg.tensor, it->second,
            absl::StrCat("weight '", arg.tensor.name, "' in ", model->weightsSource_));
        !s.ok())
      return s;
  }
  for (const auto &[name, tensor] : model->weights_) {
    bool used = false;
    for (const ArgumentSpec &arg : signature.arguments)
      used |= arg.kind == ArgumentKind::Param && arg.tensor.name == name;
    if (!used)
      return absl::InvalidArgumentError(
          absl::StrCat(model->weightsSource_, ": tensor '", name, "' (",
                       tensor.typeString(), ") is not a parameter of the program"));
  }
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
