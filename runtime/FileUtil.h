//===- FileUtil.h - Whole-file I/O helpers for the runtime ------*- C++ -*-===//
//
// Reading a file into memory and replacing a file atomically, with errors
// that name the file. Shared by the .npy and .safetensors codecs.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_FILEUTIL_H
#define TGC_RUNTIME_FILEUTIL_H

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tgc {

/// The whole content of \p path. NotFound when it does not exist.
absl::StatusOr<std::string> readFileBytes(const std::string &path);

/// Writes \p bytes to `path + ".tmp"` and renames it over \p path, so a
/// failure never leaves a partially written \p path behind.
absl::Status writeFileAtomically(const std::string &path,
                                 std::string_view bytes);

} // namespace tgc

#endif // TGC_RUNTIME_FILEUTIL_H
