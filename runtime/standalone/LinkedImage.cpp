//===- LinkedImage.cpp - the model image `tgc compile` links in -----------===//
//
// The symbols below are defined by the object file `tgc compile` emits
// (tools/tgc/ObjectEmitter.cpp names them). Strings end in a NUL.
//
//===----------------------------------------------------------------------===//

#include "runtime/standalone/CompiledModel.h"

#include <cstdint>

extern "C" {
extern const char tgc_model_name[];
extern const char tgc_model_about[];
extern const unsigned char tgc_program[];
extern const uint64_t tgc_program_size;
extern const unsigned char tgc_weights[];
extern const uint64_t tgc_weights_size;
}

namespace tgc {

const ModelImage &linkedModelImage() {
  static const ModelImage image{
      tgc_model_name,
      tgc_model_about,
      {reinterpret_cast<const char *>(tgc_program), tgc_program_size},
      {reinterpret_cast<const char *>(tgc_weights), tgc_weights_size}};
  return image;
}

} // namespace tgc
