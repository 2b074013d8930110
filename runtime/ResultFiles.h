//===- ResultFiles.h - inputs and results as files, for drivers -*- C++ -*-===//
//
// What `tgc run` and a compiled executable share on their command lines:
// `--input NAME=FILE.npy` and writing each result as <dir>/<name>.npy.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_RESULTFILES_H
#define TGC_RUNTIME_RESULTFILES_H

#include "runtime/Signature.h"

#include "absl/status/statusor.h"

#include <string>
#include <string_view>
#include <vector>

namespace tgc {

/// Reads the .npy of an `--input NAME=FILE.npy` flag into `sources`.
absl::Status addInputFlag(std::string_view flag, ArgumentSources &sources);

/// Writes result i as `directory`/<results[i].name>.npy, creating the
/// directory; returns the paths written.
absl::StatusOr<std::vector<std::string>>
writeResultFiles(const std::vector<TensorSpec> &results,
                 const std::vector<Tensor> &tensors, const std::string &directory);

} // namespace tgc

#endif // TGC_RUNTIME_RESULTFILES_H
