//===- FuseNearestCodeword.cpp - argmin of VQ distances into one op -------===//
//
//   %d = (||z||² − 2·z·eᵀ) + ||e||²          [N, K]
//   %i = tg.argmin %d {axis = 1}        ->   %i = tg.nearest_codeword %z, %e
//   (or %i = tg.argmax (tg.neg %d) {axis = 1})
//
// The distances are matched as frontend/models/Vq.cpp builds them:
//   zn = reduce_sum(mul(z, z), axes = [1], keepdims = true)     [N, 1]
//   en = reduce_sum(mul(e, e), axes = [1])                      [K]
//   d  = add(sub(zn, mul(2, matmul(z, e, transpose_b))), en)
// with the operands of the commutative add and mul in either order (the
// canonicalizer moves the constant 2 to the right). The anchor is the add;
// it fuses only when its one user is an argmin over axis 1 (or -1), or a
// negation whose one user is an argmax over that axis: argmax(−d) is
// argmin(d) exactly (negation reverses the order, keeps ties and NaNs).
// Other users of the distances (a Gumbel-softmax reads them) keep the
// unfused form, with a remark when `report` is set. Intermediate values
// with other users stay; the rest of the chain is erased.
//
//===----------------------------------------------------------------------===//

#include "passes/FusionReport.h"
#include "passes/Passes.h"

#include "ir/TgOps.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SetVector.h"

namespace tgc {
#define GEN_PASS_DEF_FUSENEARESTCODEWORDPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

/// Whether `v` is a splat float constant equal to `value`.
bool isSplatOf(Value v, double value) {
  DenseElementsAttr attr;
  return matchPattern(v, m_Constant(&attr)) && attr.isSplat() &&
         isa<FloatType>(attr.getElementType()) &&
         attr.getSplatValue<APFloat>().convertToDouble() == value;
}

/// reduce_sum(mul(x, x), axes = [1] or [-1], keepdims) of a rank-2 x: the
/// squared norm of each row. Appends the two ops to `chain` and returns x,
/// or null when `v` is not that.
Value rowSquaredNormsOf(Value v, bool keepdims, SmallVectorImpl<Operation *> &chain) {
  auto sum = v.getDefiningOp<ReduceSumOp>();
  if (!sum || sum.getKeepdims() != keepdims || sum.getAxes().size() != 1)
    return nullptr;
  auto square = sum.getOperand().getDefiningOp<MulOp>();
  if (!square || square.getLhs() != square.getRhs() ||
      square.getLhs().getType() != square.getType())
    return nullptr;
  auto type = cast<RankedTensorType>(square.getType());
  int64_t axis = sum.getAxes().front();
  if (type.getRank() != 2 || (axis != 1 && axis != -1))
    return nullptr;
  chain.append({sum, square});
  return square.getLhs();
}

/// The z and e of distances `add` (see the banner), with the ops that
/// compute them in `chain` (users before producers).
struct Distances {
  Value z, codebook;
  SmallVector<Operation *> chain;
};

std::optional<Distances> matchDistances(AddOp add) {
  for (int side = 0; side < 2; ++side) {
    Distances d;
    d.chain.push_back(add);
    auto sub = add->getOperand(side).getDefiningOp<SubOp>();
    if (!sub || sub.getType() != add.getType())
      continue;
    auto scaled = sub.getRhs().getDefiningOp<MulOp>();
    if (!scaled || scaled.getType() != add.getType())
      continue;
    MatmulOp matmul;
    for (int m = 0; m < 2 && !matmul; ++m)
      if (isSplatOf(scaled->getOperand(1 - m), 2.0))
        matmul = scaled->getOperand(m).getDefiningOp<MatmulOp>();
    if (!matmul || matmul.getTransposeA() || !matmul.getTransposeB() ||
        matmul.getType() != add.getType())
      continue;
    d.chain.append({sub, scaled, matmul});
    d.z = rowSquaredNormsOf(sub.getLhs(), /*keepdims=*/true, d.chain);
    d.codebook = rowSquaredNormsOf(add->getOperand(1 - side), /*keepdims=*/false,
                                   d.chain);
    if (d.z && d.codebook && d.z == matmul.getLhs() &&
        d.codebook == matmul.getRhs())
      return d;
  }
  return std::nullopt;
}

/// Whether `op` (an argmin or argmax) reduces a rank-2 operand over its
/// last axis without keeping it.
template <typename ArgOp> bool overCodewords(ArgOp op) {
  return op && !op.getKeepdims() && (op.getAxis() == 1 || op.getAxis() == -1);
}

struct FuseNearestCodewordPass
    : tgc::impl::FuseNearestCodewordPassBase<FuseNearestCodewordPass> {
  using FuseNearestCodewordPassBase::FuseNearestCodewordPassBase;

  void runOnOperation() override {
    SmallVector<AddOp> candidates;
    getOperation().walk([&](AddOp op) { candidates.push_back(op); });
    for (AddOp add : candidates) {
      std::optional<Distances> distances = matchDistances(add);
      if (!distances)
        continue;
      // The ops that consume the distances: argmin(d), or argmax(neg(d)).
      SmallVector<Operation *> consumers;
      Operation *user = add->hasOneUse() ? *add->user_begin() : nullptr;
      if (auto argmin = dyn_cast_or_null<ArgminOp>(user); overCodewords(argmin)) {
        consumers.push_back(argmin);
      } else if (auto neg = dyn_cast_or_null<NegOp>(user); neg && neg->hasOneUse()) {
        auto argmax = dyn_cast<ArgmaxOp>(*neg->user_begin());
        if (overCodewords(argmax))
          consumers.append({argmax, neg});
      }
      if (consumers.empty()) {
        if (report)
          tgc::remarkNotFused(add, NearestCodewordOp::getOperationName(),
                              "the distances have users other than one argmin "
                              "over the codewords (axis 1) or one argmax of "
                              "their negation");
        continue;
      }
      Operation *anchor = consumers.front();
      // A set: with z and e one value, the two norms share their square.
      llvm::SetVector<Operation *> replaced(consumers.begin(), consumers.end());
      replaced.insert(distances->chain.begin(), distances->chain.end());
      OpBuilder b(anchor);
      auto fused = b.create<NearestCodewordOp>(
          tgc::fusedLocation(replaced.getArrayRef()), anchor->getResult(0).getType(),
          distances->z, distances->codebook);
      if (report)
        tgc::remarkFused(fused, replaced.getArrayRef());
      anchor->getResult(0).replaceAllUsesWith(fused.getResult());
      // Users come before producers in `replaced`; values that other ops
      // still read stay.
      for (Operation *op : replaced)
        if (op->use_empty())
          op->erase();
    }
  }
};

} // namespace
