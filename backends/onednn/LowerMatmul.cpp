//===- LowerMatmul.cpp - tg.matmul / tg.fused_matmul to oneDNN matmul -----===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

Epilogue epilogueOf(Activation activation) {
  switch (activation) {
  case Activation::None: return Epilogue::None;
  case Activation::Relu: return Epilogue::Relu;
  case Activation::GeluErf: return Epilogue::GeluErf;
  case Activation::GeluTanh: return Epilogue::GeluTanh;
  }
  return Epilogue::None;
}

absl::StatusOr<KernelSpec> lowerMatmul(Operation *op, Value lhs, Value rhs,
                                       Value bias, bool transposeA,
                                       bool transposeB, Epilogue epilogue) {
  if (dtypeOf(op->getResult(0)) != DType::F32)
    return absl::UnimplementedError("onednn runs f32 matmuls only");
  MatmulParams params;
  params.lhsShape = shapeOf(lhs);
  params.rhsShape = shapeOf(rhs);
  params.outShape = shapeOf(op->getResult(0));
  params.transposeA = transposeA;
  params.transposeB = transposeB;
  if (bias)
    params.biasShape = shapeOf(bias);
  params.epilogue = epilogue;
  return params;
}

} // namespace

void registerMatmulLowerings(LoweringTable &table) {
  table.add<MatmulOp>([](MatmulOp op) {
    return lowerMatmul(op, op.getLhs(), op.getRhs(), Value(), op.getTransposeA(),
                       op.getTransposeB(), Epilogue::None);
  });
  table.add<FusedMatmulOp>([](FusedMatmulOp op) {
    return lowerMatmul(op, op.getLhs(), op.getRhs(), op.getBias(),
                       op.getTransposeA(), op.getTransposeB(),
                       epilogueOf(op.getActivation()));
  });
}

} // namespace tgc::onednn
