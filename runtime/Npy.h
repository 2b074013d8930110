//===- Npy.h - Reading and writing NumPy .npy files ------------*- C++ -*-===//
//
// The .npy codec used for model inputs, outputs and reference data. Reads
// format versions 1.0, 2.0 and 3.0 and writes 1.0 byte-for-byte the way
// NumPy does.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_NPY_H
#define TGC_RUNTIME_NPY_H

#include "runtime/Tensor.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tgc {

/// Reads a C-order little-endian .npy file. Supported dtypes: '<f4' '<f2'
/// '<f8' '<i4' '<i8' and '|b1' ('=' is accepted as little-endian, and any
/// byte-order mark for the one-byte bool). The result owns its data.
absl::StatusOr<Tensor> readNpy(const std::string &path);

/// readNpy on in-memory \p bytes; \p nameForErrors prefixes error messages.
absl::StatusOr<Tensor> readNpyFromBuffer(std::string_view bytes,
                                         std::string_view nameForErrors);

/// The bytes of a version 1.0 .npy file holding \p tensor, laid out exactly
/// as numpy.save does (data aligned to 64 bytes). Fails for BF16, which has
/// no .npy dtype, and for a tensor without data.
absl::StatusOr<std::string> encodeNpy(const Tensor &tensor);

/// Writes encodeNpy(tensor) to \p path atomically (via `path + ".tmp"`).
absl::Status writeNpy(const std::string &path, const Tensor &tensor);

} // namespace tgc

#endif // TGC_RUNTIME_NPY_H
