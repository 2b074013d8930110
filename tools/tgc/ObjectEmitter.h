//===- ObjectEmitter.h - a compiled model as an object file -----*- C++ -*-===//
//
// `tgc compile` puts a model into a binary as data: an ELF object for the
// host, emitted through LLVM, that defines the symbols
// runtime/standalone/LinkedImage.cpp reads (tgc_model_name, tgc_model_about, tgc_program,
// tgc_program_size, tgc_weights, tgc_weights_size).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_OBJECTEMITTER_H
#define TGC_TOOLS_TGC_OBJECTEMITTER_H

#include "absl/status/statusor.h"

#include <string>
#include <string_view>

namespace tgc {

struct ModelObjectContents {
  std::string modelName;
  std::string about; // how it was compiled, for --help
  std::string_view program; // Executable::serialize
  std::string_view weights; // .safetensors bytes, or empty
};

/// The object file's bytes; the same contents always give the same bytes.
absl::StatusOr<std::string> emitModelObject(const ModelObjectContents &contents);

} // namespace tgc

#endif // TGC_TOOLS_TGC_OBJECTEMITTER_H
