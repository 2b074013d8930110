//===- VqKernels.h - vector-quantization CPU kernels ------------*- C++ -*-===//
//
// tg.nearest_codeword as one kernel: per tile of input rows, the dot
// products with every codeword and the running argmin in one pass, so the
// N x K distance matrix is never materialized. Configured by plain
// parameters; needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_VQKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_VQKERNELS_H

#include "runtime/Executable.h"

#include <cstdint>
#include <memory>

namespace tgc::onednn {

struct NearestCodewordSpec {
  DType dtype = DType::F32; // of the input and the codebook
  int64_t numVectors = 0;   // N
  int64_t dim = 0;          // D
  int64_t codebookSize = 0; // K
};

/// Inputs: z [N, D], codebook [K, D]. Output: i64 [N], the index of each
/// row's nearest codeword (ties: lowest index; a NaN distance wins, the
/// first one, as tg.argmin). Null for dtypes other than f32, an empty
/// codebook, or K >= 2^31.
std::unique_ptr<Kernel> makeNearestCodewordKernel(const NearestCodewordSpec &spec);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_VQKERNELS_H
