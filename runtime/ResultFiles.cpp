//===- ResultFiles.cpp - inputs and results as files, for drivers ---------===//

#include "runtime/ResultFiles.h"

#include "runtime/Npy.h"

#include "absl/strings/str_cat.h"

#include <filesystem>

namespace tgc {

absl::Status addInputFlag(std::string_view flag, ArgumentSources &sources) {
  size_t eq = flag.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == flag.size())
    return absl::InvalidArgumentError(
        absl::StrCat("--input expects NAME=FILE.npy, got '", std::string(flag), "'"));
  std::string name(flag.substr(0, eq)), path(flag.substr(eq + 1));
  if (auto given = sources.inputFiles.find(name); given != sources.inputFiles.end())
    return absl::InvalidArgumentError(absl::StrCat("--input '", name, "' is given twice: ",
                                                   given->second, " and ", path));
  absl::StatusOr<Tensor> tensor = readNpy(path);
  if (!tensor.ok())
    return tensor.status();
  sources.inputs[name] = std::move(*tensor);
  sources.inputFiles[name] = path;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>>
writeResultFiles(const std::vector<TensorSpec> &results,
                 const std::vector<Tensor> &tensors, const std::string &directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot create output directory '", directory, "': ", ec.message()));
  std::vector<std::string> written;
  for (size_t i = 0; i < results.size() && i < tensors.size(); ++i) {
    std::string path = (std::filesystem::path(directory) / (results[i].name + ".npy")).string();
    if (absl::Status s = writeNpy(path, tensors[i]); !s.ok())
      return absl::Status(s.code(), absl::StrCat("result '", results[i].name,
                                                 "': ", s.message()));
    written.push_back(path);
  }
  return written;
}

} // namespace tgc
