//===- MatmulKernels.h - tg.matmul and tg.fused_matmul on oneDNN -*- C++ -*-===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_MATMULKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_MATMULKERNELS_H

#include "runtime/Executable.h"

#include "absl/status/statusor.h"

#include <memory>
#include <optional>

namespace tgc::onednn {

enum class Epilogue { None, Relu, GeluErf, GeluTanh };

struct MatmulParams {
  std::vector<int64_t> lhsShape, rhsShape, outShape;
  bool transposeA = false, transposeB = false;
  /// The bias shape when there is one (broadcast to the output).
  std::optional<std::vector<int64_t>> biasShape;
  Epilogue epilogue = Epilogue::None;
};

/// An f32 oneDNN matmul primitive, created now, with the bias and the
/// activation as post-ops; transposes are strides, not copies. Inputs:
/// lhs, rhs[, bias].
absl::StatusOr<std::unique_ptr<Kernel>> makeMatmulKernel(const MatmulParams &params);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_MATMULKERNELS_H
