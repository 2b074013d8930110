//===- LowerRnn.cpp - tg.lstm / tg.gru to oneDNN RNN primitives -----------===//
//
// The whole op, every layer and direction, becomes one RnnSpec kernel
// (kernels/RnnKernels.h). An op this lowering or its kernel refuses is not
// an error: the backend's lowering pipeline decomposes it into per-step
// ops first (OneDnnBackend.cpp, buildLoweringPipeline).
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

template <typename OpT>
absl::StatusOr<KernelSpec> lowerRnn(OpT op, RnnCell cell, Value h0) {
  RnnSpec spec;
  spec.cell = cell;
  spec.dtype = dtypeOf(op.getInput());
  if (spec.dtype != DType::F32)
    return absl::UnimplementedError("onednn runs f32 recurrent layers only");
  std::vector<int64_t> input = shapeOf(op.getInput()); // [B, T, I], verified
  spec.batch = input[0];
  spec.steps = input[1];
  spec.inputSize = input[2];
  spec.hiddenSize = op.getHiddenSize();
  spec.numLayers = op.getNumLayers();
  spec.bidirectional = op.getBidirectional();
  spec.hasInitialState = static_cast<bool>(h0);
  return spec;
}

} // namespace

void registerRnnLowerings(LoweringTable &table) {
  table.add<LstmOp>([](LstmOp op) {
    // tg.lstm's verifier has h0 and c0 both present or both absent (C4).
    return lowerRnn(op, RnnCell::Lstm, op.getH0());
  });
  table.add<GruOp>([](GruOp op) { return lowerRnn(op, RnnCell::Gru, op.getH0()); });
}

} // namespace tgc::onednn
