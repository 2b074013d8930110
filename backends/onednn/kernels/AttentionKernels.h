//===- AttentionKernels.h - fused attention CPU kernel ----------*- C++ -*-===//
//
// tg.attention as one flash-style kernel: per (batch·head, query tile) the
// scores against one key tile at a time, folded into the output with an
// online softmax (running max and sum), so the Lq x Lk score matrix is
// never materialized. Configured by plain parameters; needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_ATTENTIONKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_ATTENTIONKERNELS_H

#include "runtime/Executable.h"

#include <memory>
#include <optional>
#include <vector>

namespace tgc::onednn {

struct AttentionConfig {
  DType dtype = DType::F32;            // of query, key, value and result
  std::vector<int64_t> queryShape;     // [..., Lq, D]
  std::vector<int64_t> keyShape;       // [..., Lk, D]
  std::vector<int64_t> valueShape;     // [..., Lk, Dv]
  /// The mask's dtype (i1 keep-mask or f32 additive) and shape, which
  /// broadcasts to [..., Lq, Lk]; unset when there is no mask operand.
  std::optional<DType> maskDtype;
  std::vector<int64_t> maskShape;
  double scale = 1.0;
  bool causal = false;
};

/// Inputs: query, key, value, then the mask when configured. Output
/// [..., Lq, Dv]. A query row whose keys are all masked is NaN (0/0, as
/// the unfused softmax gives). Null for dtypes other than f32 (mask: f32
/// or i1).
std::unique_ptr<Kernel> makeAttentionKernel(AttentionConfig config);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_ATTENTIONKERNELS_H
