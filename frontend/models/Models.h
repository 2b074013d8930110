//===- Models.h - the model programs tgc can build --------------*- C++ -*-===//
//
// Each model program builds a tg module from a ModelConfig with the
// GraphBuilder. `tgc model NAME --config ...` prints one; C++ callers use
// buildModel or the model's own function.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_FRONTEND_MODELS_MODELS_H
#define TGC_FRONTEND_MODELS_MODELS_H

#include "frontend/ModelConfig.h"

#include "absl/status/statusor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <functional>
#include <string>
#include <vector>

namespace tgc::frontend {

using ModelModule = mlir::OwningOpRef<mlir::ModuleOp>;
using ModelBuildFn =
    std::function<absl::StatusOr<ModelModule>(mlir::MLIRContext *, ModelConfig &)>;

struct ModelInfo {
  std::string name;
  std::string summary;
  ModelBuildFn build;
};

/// Every model program, in the order `tgc model --help` lists them.
const std::vector<ModelInfo> &modelRegistry();

/// Builds model `name` from `configText` ("key=value,..."); errors name
/// the model and the bad or unknown key.
absl::StatusOr<ModelModule> buildModel(mlir::MLIRContext *context,
                                       const std::string &name,
                                       const std::string &configText);

} // namespace tgc::frontend

#endif // TGC_FRONTEND_MODELS_MODELS_H
