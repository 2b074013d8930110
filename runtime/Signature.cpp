//===- Signature.cpp - binding named tensors to a program's arguments -----===//

#include "runtime/Signature.h"

#include "runtime/Random.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#include <algorithm>
#include <cmath>

namespace tgc {

std::string TensorSpec::typeString() const {
  return Tensor::borrow(dtype, shape, nullptr).typeString();
}

absl::Status checkTensorMatches(const TensorSpec &spec, const Tensor &tensor,
                                const std::string &what) {
  if (tensor.dtype() == spec.dtype && tensor.shape() == spec.shape)
    return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " is ", tensor.typeString(), " but the program expects ",
                   spec.typeString()));
}

absl::Status checkWeights(const Signature &signature,
                          const std::map<std::string, Tensor> &weights,
                          const std::string &source) {
  auto isWeight = [](const ArgumentSpec &arg) {
    return arg.kind == ArgumentKind::Param && !arg.optimizerState;
  };
  for (const ArgumentSpec &arg : signature.arguments) {
    if (!isWeight(arg))
      continue;
    auto it = weights.find(arg.tensor.name);
    if (it == weights.end())
      return absl::NotFoundError(absl::StrCat(source, ": missing weight '",
                                              arg.tensor.name, "' (",
                                              arg.tensor.typeString(), ")"));
    if (absl::Status s = checkTensorMatches(
            arg.tensor, it->second,
            absl::StrCat("weight '", arg.tensor.name, "' in ", source));
        !s.ok())
      return s;
  }
  for (const auto &[name, tensor] : weights)
    if (std::none_of(signature.arguments.begin(), signature.arguments.end(),
                     [&](const ArgumentSpec &arg) {
                       return isWeight(arg) && arg.tensor.name == name;
                     }))
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": tensor '", name, "' (", tensor.typeString(),
                       ") is not a parameter of the program"));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> bindArguments(const Signature &signature,
                                                  const ArgumentSources &sources) {
  std::vector<std::string> inputNames;
  for (const ArgumentSpec &arg : signature.arguments)
    if (arg.kind == ArgumentKind::Input)
      inputNames.push_back(arg.tensor.name);
  for (const auto &[name, tensor] : sources.inputs)
    if (std::find(inputNames.begin(), inputNames.end(), name) == inputNames.end())
      return absl::InvalidArgumentError(absl::StrCat(
          "the program has no input '", name, "'; its inputs are: ",
          inputNames.empty() ? "(none)" : absl::StrJoin(inputNames, ", ")));

  if (!sources.allowUnusedWeights) {
    for (const auto &[name, tensor] : sources.weights) {
      bool used = false;
      for (const ArgumentSpec &arg : signature.arguments)
        used |= arg.kind == ArgumentKind::Param && arg.tensor.name == name;
      if (!used)
        return absl::InvalidArgumentError(absl::StrCat(
            sources.weightsFile, ": tensor '", name, "' (", tensor.typeString(),
            ") is not a parameter of the program (pass "
            "--allow-unused-weights to ignore it)"));
    }
  }

  std::vector<Tensor> bound;
  for (size_t position = 0; position < signature.arguments.size(); ++position) {
    const ArgumentSpec &arg = signature.arguments[position];
    const TensorSpec &spec = arg.tensor;
    if (arg.kind == ArgumentKind::Param) {
      auto it = sources.weights.find(spec.name);
      if (it == sources.weights.end())
        return absl::NotFoundError(absl::StrCat(
            sources.weightsFile.empty() ? "no weights file given"
                                        : sources.weightsFile,
            ": missing weight '", spec.name, "' (", spec.typeString(), ")"));
      std::string what = absl::StrCat("weight '", spec.name, "'");
      if (!sources.weightsFile.empty())
        absl::StrAppend(&what, " in ", sources.weightsFile);
      if (absl::Status s = checkTensorMatches(spec, it->second, what); !s.ok())
        return s;
      bound.push_back(it->second);
      continue;
    }
    auto it = sources.inputs.find(spec.name);
    if (it != sources.inputs.end()) {
      std::string what = absl::StrCat("input '", spec.name, "'");
      auto file = sources.inputFiles.find(spec.name);
      if (file != sources.inputFiles.end())
        absl::StrAppend(&what, " from ", file->second);
      if (absl::Status s = checkTensorMatches(spec, it->second, what); !s.ok())
        return s;
      bound.push_back(it->second);
    } else if (sources.randomInputSeed) {
      bound.push_back(
          randomTensor(spec, *sources.randomInputSeed, position, arg.indexBound));
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "no value for input '", spec.name, "' (", spec.typeString(),
          "): give --input ", spec.name, "=FILE.npy or --random-inputs SEED"));
    }
  }
  return bound;
}

Tensor randomTensor(const TensorSpec &spec, uint64_t seed, uint64_t position,
                    std::optional<int64_t> indexBound) {
  // Distinct, reproducible streams per argument position.
  uint64_t stream = seed ^ ((position + 1) * 0x9E3779B97F4A7C15ull);
  Tensor t = Tensor::allocate(spec.dtype, spec.shape);
  int64_t bound = indexBound.value_or(2);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    switch (spec.dtype) {
    case DType::F32:
      t.dataAs<float>()[i] = static_cast<float>(standardNormal(stream, i));
      break;
    case DType::F64:
      t.dataAs<double>()[i] = standardNormal(stream, i);
      break;
    case DType::F16:
      t.dataAs<uint16_t>()[i] = doubleToHalf(standardNormal(stream, i));
      break;
    case DType::BF16:
      t.dataAs<uint16_t>()[i] = doubleToBF16(standardNormal(stream, i));
      break;
    case DType::I1:
      t.dataAs<uint8_t>()[i] = uniform01(stream, i) < 0.5;
      break;
    case DType::I32:
      t.dataAs<int32_t>()[i] =
          static_cast<int32_t>(std::floor(uniform01(stream, i) * bound));
      break;
    case DType::I64:
      t.dataAs<int64_t>()[i] =
          static_cast<int64_t>(std::floor(uniform01(stream, i) * bound));
      break;
    }
  }
  return t;
}

} // namespace tgc
