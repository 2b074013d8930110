// Placeholder until the Rnn model programs land (this session).
#include "frontend/models/ModelPrograms.h"
namespace tgc::frontend {
absl::StatusOr<ModelModule> buildLstm(mlir::MLIRContext *, ModelConfig &) { return absl::UnimplementedError("lstm"); }
absl::StatusOr<ModelModule> buildGru(mlir::MLIRContext *, ModelConfig &) { return absl::UnimplementedError("gru"); }
}
