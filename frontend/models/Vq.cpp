// Placeholder until the Vq model programs land (this session).
#include "frontend/models/ModelPrograms.h"
namespace tgc::frontend {
absl::StatusOr<ModelModule> buildVq(mlir::MLIRContext *, ModelConfig &) { return absl::UnimplementedError("vq"); }
absl::StatusOr<ModelModule> buildVqVae(mlir::MLIRContext *, ModelConfig &) { return absl::UnimplementedError("vq_vae"); }
absl::StatusOr<ModelModule> buildGumbelVq(mlir::MLIRContext *, ModelConfig &) { return absl::UnimplementedError("gumbel_vq"); }
}
