//===- RnnKernels.h - tg.lstm and tg.gru on oneDNN RNN primitives -*- C++ -*-===//
//
// A whole tg.lstm (dnnl::lstm_forward) or tg.gru (dnnl::lbr_gru_forward:
// PyTorch's GRU applies the reset gate after the recurrent matmul, oneDNN's
// "linear before reset" cell) as one kernel: one primitive per layer, both
// directions of a bidirectional layer in that primitive. The operands keep
// PyTorch's layouts (batch-first data, [G*H, in] weights with gate blocks
// i,f,g,o / r,z,n, two biases); the kernel repacks the weights and biases
// into what each primitive wants on every run, since weights are program
// arguments that change between runs. Configured by plain parameters;
// needs no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_RNNKERNELS_H
#define TGC_BACKENDS_ONEDNN_KERNELS_RNNKERNELS_H

#include "runtime/Executable.h"

#include "absl/status/statusor.h"

#include <memory>

namespace tgc::onednn {

enum class RnnCell { Lstm, Gru };

/// One tg.lstm / tg.gru, with the op's names: input [batch, steps,
/// inputSize], `numLayers` layers of `hiddenSize`, each with one or two
/// directions.
struct RnnSpec {
  RnnCell cell = RnnCell::Lstm;
  DType dtype = DType::F32;
  int64_t batch = 0, steps = 0, inputSize = 0, hiddenSize = 0;
  int64_t numLayers = 1;
  bool bidirectional = false;
  /// Whether the op has h0 (and, for LSTM, c0) operands.
  bool hasInitialState = false;
};

/// Inputs are the op's operands in order: input, the 4 * numLayers *
/// directions weights (TgRnnOps.td's order), then h0 [and c0] when
/// `hasInitialState`. Outputs: output [batch, steps, directions *
/// hiddenSize], h_n [and c_n for LSTM] [numLayers * directions, batch,
/// hiddenSize]. The primitives are created now; an error when the dtype is
/// not f32 or oneDNN cannot create one of them.
absl::StatusOr<std::unique_ptr<Kernel>> makeRnnKernel(const RnnSpec &spec);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_RNNKERNELS_H
