//===- TgFolders.cpp - local simplifications of tg ops --------------------===//
//
// Folders run under -canonicalize and whenever a rewrite creates an op.
// Each is stated by its formula; none changes a value, only how it is
// computed.
//
//===----------------------------------------------------------------------===//

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace tgc::tg;

// constant(v) -> v
OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

// neg(neg(x)) -> x
OpFoldResult NegOp::fold(FoldAdaptor) {
  if (auto inner = getOperand().getDefiningOp<NegOp>())
    return inner.getOperand();
  return {};
}

// stop_gradient(stop_gradient(x)) -> stop_gradient(x)
OpFoldResult StopGradientOp::fold(FoldAdaptor) {
  if (auto inner = getOperand().getDefiningOp<StopGradientOp>())
    return inner.getResult();
  return {};
}

// cast(x : T) : T -> x
OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

// reshape(x : T) : T -> x
// reshape(reshape(x)) -> reshape(x)
// reshape(constant c) -> constant with c's elements in the new shape
OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  if (auto inner = getOperand().getDefiningOp<ReshapeOp>()) {
    getOperandMutable().assign(inner.getOperand());
    return getResult();
  }
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getOperand()))
    return dense.reshape(getType());
  return {};
}

// transpose(x, identity) -> x
// transpose(transpose(x, p), q) -> transpose(x, r) with r[d] = p[q[d]]
OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  bool identity = true;
  for (auto [d, p] : llvm::enumerate(perm))
    identity &= static_cast<int64_t>(d) == p;
  if (identity)
    return getOperand();
  if (auto inner = getOperand().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(innerPerm[p]);
    setPermutation(composed);
    getOperandMutable().assign(inner.getOperand());
    return getResult();
  }
  return {};
}

// slice(x) covering all of x -> x
OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType() &&
      llvm::all_of(getStart(), [](int64_t s) { return s == 0; }))
    return getOperand();
  return {};
}

// broadcast_to(x : T) : T -> x
OpFoldResult BroadcastToOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

// dropout(x, training = false) -> x;  dropout(x, ratio = 0) -> x
OpFoldResult DropoutOp::fold(FoldAdaptor) {
  if (!getTraining() || getRatio().isZero())
    return getOperand();
  return {};
}
