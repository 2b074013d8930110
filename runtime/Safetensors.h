//===- Safetensors.h - Reading and writing .safetensors files --*- C++ -*-===//
//
// The weight-file codec. Format: an 8-byte little-endian header length N,
// N bytes of JSON `{"name": {"dtype": "F32", "shape": [2, 3],
// "data_offsets": [begin, end]}, ..., "__metadata__": {"k": "v"}}`, then
// the data section; offsets are relative to the start of the data section.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_SAFETENSORS_H
#define TGC_RUNTIME_SAFETENSORS_H

#include "runtime/Tensor.h"

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tgc {

/// Reads every tensor of a .safetensors file. Supported dtypes: F32 F16 BF16
/// F64 BOOL I32 I64. The tensors own their data. When \p metadata is given
/// it receives the "__metadata__" map (empty when absent).
absl::StatusOr<std::map<std::string, Tensor>>
readSafetensors(const std::string &path,
                std::map<std::string, std::string> *metadata = nullptr);

/// readSafetensors on in-memory \p bytes; \p nameForErrors prefixes errors.
absl::StatusOr<std::map<std::string, Tensor>>
readSafetensorsFromBuffer(std::string_view bytes, std::string_view nameForErrors,
                          std::map<std::string, std::string> *metadata = nullptr);

/// The bytes of a .safetensors file: tensors laid out contiguously in
/// sorted name order, header JSON space-padded to a multiple of 8 bytes.
/// Fails for a tensor without data or a name/metadata that is not UTF-8.
absl::StatusOr<std::string>
encodeSafetensors(const std::map<std::string, Tensor> &tensors,
                  const std::map<std::string, std::string> &metadata = {});

/// Writes encodeSafetensors(...) to \p path atomically (via
/// `path + ".tmp"`).
absl::Status
writeSafetensors(const std::string &path,
                 const std::map<std::string, Tensor> &tensors,
                 const std::map<std::string, std::string> &metadata = {});

} // namespace tgc

#endif // TGC_RUNTIME_SAFETENSORS_H
