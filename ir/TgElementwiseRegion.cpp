//===- TgElementwiseRegion.cpp - tg.fused_elementwise verifier ------------===//
//
// Checks fused_elementwise_c1 .. c5 from TgElementwiseRegion.td. The body
// ops are verified by their own verifiers first (hasRegionVerifier), so
// here only their kinds and rank-0 types are checked.
//
//===----------------------------------------------------------------------===//

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace tgc::tg;

static bool isRank0Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 0;
}

YieldOp FusedElementwiseOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

LogicalResult FusedElementwiseOp::verify() {
  // fused_elementwise_c1
  if (getInputs().empty())
    return emitOpError("needs at least one operand");
  // fused_elementwise_c2
  SmallVector<int64_t> shape;
  for (auto [k, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    std::optional<SmallVector<int64_t>> next =
        broadcastShapes(shape, type.getShape());
    if (!next)
      return emitOpError("operand #")
             << k << " (" << type
             << ") is not broadcast-compatible with the operands before it";
    shape = *next;
  }
  if (getType().getShape() != ArrayRef<int64_t>(shape))
    return emitOpError("result ")
           << getType() << " must have the operands' broadcast shape: expected "
           << RankedTensorType::get(shape, getType().getElementType());
  return success();
}

LogicalResult FusedElementwiseOp::verifyRegions() {
  Block &body = getBody().front();
  // fused_elementwise_c3
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments but the op has "
           << getInputs().size() << " operands";
  for (auto [k, pair] :
       llvm::enumerate(llvm::zip_equal(body.getArguments(), getInputs()))) {
    auto [argument, input] = pair;
    Type elementType = cast<RankedTensorType>(input.getType()).getElementType();
    if (argument.getType() != RankedTensorType::get({}, elementType))
      return emitOpError("body argument #")
             << k << " has type " << argument.getType() << ", expected "
             << RankedTensorType::get({}, elementType) << " for operand #" << k;
  }
  // fused_elementwise_c4
  for (Operation &op : body.without_terminator()) {
    if (!op.hasTrait<tgc::tg::OpTrait::ElementwiseOp>() && !isa<ConstantOp>(op))
      return op.emitOpError("is not an elementwise tg op or tg.constant, so it "
                            "cannot be in the body of tg.fused_elementwise");
    SmallVector<Type> types(op.getOperandTypes());
    llvm::append_range(types, op.getResultTypes());
    for (Type type : types)
      if (!isRank0Tensor(type))
        return op.emitOpError("in the body of tg.fused_elementwise must have "
                              "rank-0 operands and results, got ")
               << type;
  }
  // fused_elementwise_c5
  if (!body.mightHaveTerminator() || !isa<YieldOp>(body.back()))
    return emitOpError("body must end with tg.yield");
  Type yielded = getYield().getValue().getType();
  Type expected = RankedTensorType::get({}, getType().getElementType());
  if (yielded != expected)
    return getYield().emitOpError("yields ")
           << yielded << " but the tg.fused_elementwise result "
           << getType() << " needs " << expected;
  return success();
}
