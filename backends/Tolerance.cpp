//===- Tolerance.cpp - how far a backend may be from the reference --------===//

#include "backends/Tolerance.h"

#include "ir/TgOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc {

OpFamily familyOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, OpFamily>(op)
      .Case<MatmulOp, FusedMatmulOp>([](auto) { return OpFamily::Matmul; })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ArgmaxOp,
            ArgminOp, NearestCodewordOp>([](auto) { return OpFamily::Reduction; })
      .Case<SoftmaxOp, LogSoftmaxOp, LayerNormOp, AddLayerNormOp>(
          [](auto) { return OpFamily::Normalization; })
      .Case<AttentionOp>([](auto) { return OpFamily::Attention; })
      .Case<LstmOp, GruOp>([](auto) { return OpFamily::Recurrent; })
      .Case<CrossEntropyOp, MseOp>([](auto) { return OpFamily::Loss; })
      .Case<RandomUniformOp, RandomNormalOp, BernoulliOp, DropoutOp>(
          [](auto) { return OpFamily::Random; })
      .Case<ConstantOp, ReshapeOp, TransposeOp, ConcatOp, SliceOp, GatherOp,
            BroadcastToOp, IotaOp, OneHotOp, CompareOp, SelectOp, CastOp,
            StopGradientOp>([](auto) { return OpFamily::DataMovement; })
      .Default([](Operation *) { return OpFamily::Elementwise; });
}

double toleranceOf(OpFamily family) {
  switch (family) {
  // f32 holds the reference's value to half an ulp: 2^-24 ≈ 6e-8.
  case OpFamily::DataMovement: return 1e-7;
  case OpFamily::Random: return 1e-6;
  case OpFamily::Elementwise: return 1e-6;
  case OpFamily::Matmul: return 1e-5;
  case OpFamily::Reduction: return 1e-5;
  case OpFamily::Normalization: return 1e-5;
  case OpFamily::Attention: return 1e-5;
  case OpFamily::Recurrent: return 1e-5;
  case OpFamily::Loss: return 1e-5;
  }
  return 0;
}

const char *familyName(OpFamily family) {
  switch (family) {
  case OpFamily::DataMovement: return "data movement";
  case OpFamily::Random: return "random";
  case OpFamily::Elementwise: return "elementwise";
  case OpFamily::Matmul: return "matmul";
  case OpFamily::Reduction: return "reduction";
  case OpFamily::Normalization: return "normalization";
  case OpFamily::Attention: return "attention";
  case OpFamily::Recurrent: return "recurrent";
  case OpFamily::Loss: return "loss";
  }
  return "";
}

double toleranceOf(func::FuncOp fn) {
  double tolerance = toleranceOf(OpFamily::DataMovement);
  fn.walk([&](Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "tg")
      tolerance = std::max(tolerance, toleranceOf(familyOf(op)));
  });
  return tolerance;
}

} // namespace tgc
