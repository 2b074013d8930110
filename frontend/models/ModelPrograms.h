//===- ModelPrograms.h - one build function per model program ---*- C++ -*-===//
//
// Each reads its config keys (documented in its .cpp and examples/README.md)
// and returns a verified module with one function, @main.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_FRONTEND_MODELS_MODELPROGRAMS_H
#define TGC_FRONTEND_MODELS_MODELPROGRAMS_H

#include "frontend/models/Models.h"

namespace tgc::frontend {

// Transformer.cpp
absl::StatusOr<ModelModule> buildTransformer(mlir::MLIRContext *, ModelConfig &);
absl::StatusOr<ModelModule> buildTransformerEncoder(mlir::MLIRContext *, ModelConfig &);
absl::StatusOr<ModelModule> buildTransformerLm(mlir::MLIRContext *, ModelConfig &);

// Rnn.cpp
absl::StatusOr<ModelModule> buildLstm(mlir::MLIRContext *, ModelConfig &);
absl::StatusOr<ModelModule> buildGru(mlir::MLIRContext *, ModelConfig &);

// Vq.cpp
absl::StatusOr<ModelModule> buildVq(mlir::MLIRContext *, ModelConfig &);
absl::StatusOr<ModelModule> buildVqVae(mlir::MLIRContext *, ModelConfig &);
absl::StatusOr<ModelModule> buildGumbelVq(mlir::MLIRContext *, ModelConfig &);

} // namespace tgc::frontend

#endif // TGC_FRONTEND_MODELS_MODELPROGRAMS_H
