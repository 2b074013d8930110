//===- FuseAttention.cpp - scaled dot-product attention into tg.attention -===//
//
// Anchored on the ·V matmul whose left operand is a softmax over the last
// axis, the match walks back from the softmax through the ops that may sit
// between it and the Q·Kᵀ matmul:
//   tg.mul / tg.div by a splat constant      -> scale
//   tg.add of a float mask                   -> additive mask
//   tg.select(c, scores, -inf)               -> i1 mask c (true = attend)
//   tg.select(c, -inf, scores)               -> i1 mask not(c)
//   ... where c is col <= row of two iotas   -> causal = true
// and through a scale applied to Q beforehand. Every step must keep the
// scores' shape (a broadcast that grows the scores changes the meaning) and
// have no other user (returned attention weights, for one, must stay).
//
//===----------------------------------------------------------------------===//

#include "passes/FusionReport.h"
#include "passes/Passes.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

namespace tgc {
#define GEN_PASS_DEF_FUSEATTENTIONPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

/// The value of a splat float constant, if `v` is one.
std::optional<double> splatValue(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat() ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToDouble();
}

/// True if `v` is iota over `dimension` of a [rows, cols] tensor.
bool isIota(Value v, int64_t dimension, int64_t rows, int64_t cols) {
  auto iota = v.getDefiningOp<IotaOp>();
  return iota && iota.getDimension() == dimension &&
         iota.getType().getShape() == ArrayRef<int64_t>{rows, cols};
}

/// Does `c` (i1, [lq, lk]) hold `col <= row` (keepWhereTrue) or `col > row`
/// (!keepWhereTrue), the causal pattern spelled with two iotas?
bool isCausalCondition(Value c, bool keepWhereTrue, int64_t lq, int64_t lk) {
  auto cmp = c.getDefiningOp<CompareOp>();
  if (!cmp)
    return false;
  Value lhs = cmp.getLhs(), rhs = cmp.getRhs();
  CompareDirection dir = cmp.getDirection();
  // Normalize to "col <dir> row".
  if (isIota(lhs, 0, lq, lk) && isIota(rhs, 1, lq, lk)) {
    std::swap(lhs, rhs);
    switch (dir) {
    case CompareDirection::LT: dir = CompareDirection::GT; break;
    case CompareDirection::LE: dir = CompareDirection::GE; break;
    case CompareDirection::GT: dir = CompareDirection::LT; break;
    case CompareDirection::GE: dir = CompareDirection::LE; break;
    default: break;
    }
  }
  if (!isIota(lhs, 1, lq, lk) || !isIota(rhs, 0, lq, lk))
    return false;
  return keepWhereTrue ? dir == CompareDirection::LE
                       : dir == CompareDirection::GT;
}

/// Is `v` a constant [lq, lk] mask with 0 where col <= row and -inf above?
bool isCausalConstant(Value v, int64_t lq, int64_t lk) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()) ||
      attr.getType().getShape() != ArrayRef<int64_t>{lq, lk})
    return false;
  int64_t k = 0;
  for (APFloat x : attr.getValues<APFloat>()) {
    int64_t row = k / lk, col = k % lk;
    ++k;
    bool masked = x.isInfinity() && x.isNegative();
    if (col <= row ? !x.isZero() : !masked)
      return false;
  }
  return true;
}

bool isScoreOp(Operation *op) {
  return op && isa<MatmulOp, MulOp, DivOp, AddOp, SelectOp>(op);
}

struct AttentionMatch {
  Value query, key, value, mask;
  bool causal = false;
  bool transposeKey = false; // key given as [..., D, Lk]
  bool negateMask = false;   // mask marks the keys to drop
  double scale = 1.0;
  SmallVector<Operation *> replaced;
};

/// Matches attention ending in `pv`; on a near miss sets `whyNot`. Returns
/// std::nullopt with an empty `whyNot` when `pv` is no candidate at all.
std::optional<AttentionMatch> matchAttention(MatmulOp pv, std::string &whyNot) {
  auto softmax = pv.getLhs().getDefiningOp<SoftmaxOp>();
  if (!softmax)
    return std::nullopt;
  AttentionMatch m;
  m.value = pv.getRhs();
  auto fail = [&](const Twine &reason) -> std::optional<AttentionMatch> {
    whyNot = reason.str();
    return std::nullopt;
  };
  if (pv.getTransposeA() || pv.getTransposeB())
    return fail("the probabilities·V matmul transposes an operand");
  RankedTensorType scoresType = softmax.getType();
  int64_t rank = scoresType.getRank();
  if (*normalizeAxis(softmax.getAxis(), rank) != rank - 1)
    return fail("softmax is over axis " + Twine(softmax.getAxis()) +
                ", not the last (key) axis");
  if (!softmax->hasOneUse())
    return fail("the attention probabilities are also used elsewhere");
  m.replaced = {pv, softmax};
  int64_t lq = scoresType.getDimSize(rank - 2), lk = scoresType.getDimSize(rank - 1);

  Value scores = softmax.getOperand();
  MatmulOp qk;
  // The walk goes from the softmax back to Q·Kᵀ, so a scale seen before a
  // mask is applied after it: it would scale the mask too.
  bool scaleSeen = false;
  auto maskUnderScale = [&](bool selectOrCausal) -> bool {
    return scaleSeen && !(selectOrCausal && m.scale > 0);
  };
  while (!qk) {
    Operation *def = scores.getDefiningOp();
    if (!isScoreOp(def))
      return fail("the scores do not come from a Q·Kᵀ matmul");
    if (!def->hasOneUse())
      return fail("intermediate scores (" + def->getName().getStringRef() +
                  ") are also used elsewhere");
    if (def->getResult(0).getType() != scoresType)
      return fail("a broadcast in " + def->getName().getStringRef() +
                  " changes the shape of the scores");
    m.replaced.push_back(def);
    StringRef defName = def->getName().getStringRef();
    if (auto matmul = dyn_cast<MatmulOp>(def)) {
      qk = matmul;
    } else if (isa<MulOp>(def)) {
      std::optional<double> c = splatValue(def->getOperand(1));
      int chain = 0;
      if (!c) {
        c = splatValue(def->getOperand(0));
        chain = 1;
      }
      if (!c)
        return fail("tg.mul of the scores by a non-constant");
      m.scale *= *c;
      scaleSeen = true;
      scores = def->getOperand(chain);
    } else if (isa<DivOp>(def)) {
      std::optional<double> c = splatValue(def->getOperand(1));
      if (!c)
        return fail("tg.div of the scores by a non-constant");
      m.scale /= *c;
      scaleSeen = true;
      scores = def->getOperand(0);
    } else if (isa<AddOp>(def)) {
      Value a = def->getOperand(0), b = def->getOperand(1);
      bool aChain = isScoreOp(a.getDefiningOp());
      bool bChain = isScoreOp(b.getDefiningOp());
      if (aChain && bChain)
        aChain = a.getType() == scoresType, bChain = b.getType() == scoresType;
      if (aChain == bChain)
        return fail("cannot tell the scores from the mask in tg.add");
      Value mask = aChain ? b : a;
      scores = aChain ? a : b;
      if (m.mask || m.causal)
        return fail("more than one mask");
      bool causal = isCausalConstant(mask, lq, lk);
      if (maskUnderScale(causal))
        return fail("the scale is applied after the mask and would scale it");
      if (causal)
        m.causal = true;
      else
        m.mask = mask;
    } else {
      auto select = cast<SelectOp>(def);
      std::optional<double> onTrue = splatValue(select.getOnTrue());
      std::optional<double> onFalse = splatValue(select.getOnFalse());
      bool keepWhereTrue = onFalse && std::isinf(*onFalse) && *onFalse < 0;
      bool dropWhereTrue = onTrue && std::isinf(*onTrue) && *onTrue < 0;
      if (keepWhereTrue == dropWhereTrue)
        return fail("tg.select does not choose between the scores and -inf");
      scores = keepWhereTrue ? select.getOnTrue() : select.getOnFalse();
      if (m.mask || m.causal)
        return fail("more than one mask");
      if (maskUnderScale(/*selectOrCausal=*/true))
        return fail("a non-positive scale is applied after the -inf mask");
      if (isCausalCondition(select.getCondition(), keepWhereTrue, lq, lk)) {
        m.causal = true;
      } else {
        m.mask = select.getCondition();
        m.negateMask = dropWhereTrue;
      }
    }
    if (!qk && scores.getType() != scoresType)
      return fail("a broadcast in " + defName + " grows the scores");
  }

  if (qk.getTransposeA())
    return fail("the Q·Kᵀ matmul transposes Q");
  m.query = qk.getLhs();
  if (qk.getTransposeB()) {
    m.key = qk.getRhs();
  } else if (auto t = qk.getRhs().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> perm = t.getPermutation();
    bool swapsLastTwo = static_cast<int64_t>(perm.size()) == rank &&
                        perm[rank - 1] == rank - 2 && perm[rank - 2] == rank - 1;
    for (int64_t d = 0; d + 2 < rank; ++d)
      swapsLastTwo &= perm[d] == d;
    m.key = swapsLastTwo ? t.getOperand() : qk.getRhs();
    m.transposeKey = !swapsLastTwo;
  } else {
    m.key = qk.getRhs();
    m.transposeKey = true;
  }
  // A scale applied to Q before the matmul.
  if (auto mul = m.query.getDefiningOp<MulOp>(); mul && mul->hasOneUse()) {
    for (int chain = 0; chain < 2; ++chain)
      if (std::optional<double> c = splatValue(mul->getOperand(1 - chain))) {
        m.scale *= *c;
        m.query = mul->getOperand(chain);
        m.replaced.push_back(mul);
        break;
      }
  }

  auto q = cast<RankedTensorType>(m.query.getType());
  auto k = cast<RankedTensorType>(m.key.getType());
  auto v = cast<RankedTensorType>(m.value.getType());
  if (q.getRank() != rank || k.getRank() != rank || v.getRank() != rank ||
      k.getShape().drop_back(2) != q.getShape().drop_back(2) ||
      v.getShape().drop_back(2) != q.getShape().drop_back(2))
    return fail("query, key and value have different batch dimensions "
                "(the matmuls broadcast them)");
  return m;
}

struct FuseAttentionPass
    : tgc::impl::FuseAttentionPassBase<FuseAttentionPass> {
  using FuseAttentionPassBase::FuseAttentionPassBase;

  void runOnOperation() override {
    SmallVector<MatmulOp> candidates;
    getOperation().walk([&](MatmulOp op) { candidates.push_back(op); });
    for (MatmulOp pv : candidates) {
      std::string whyNot;
      std::optional<AttentionMatch> m = matchAttention(pv, whyNot);
      if (!m) {
        if (report && !whyNot.empty())
          tgc::remarkNotFused(pv, AttentionOp::getOperationName(), whyNot);
        continue;
      }
      rewrite(pv, *m);
    }
  }

  void rewrite(MatmulOp pv, AttentionMatch &m) {
    OpBuilder b(pv);
    Location loc = tgc::fusedLocation(m.replaced);
    Value key = m.key;
    if (m.transposeKey) {
      int64_t rank = cast<RankedTensorType>(key.getType()).getRank();
      SmallVector<int64_t> perm;
      for (int64_t d = 0; d < rank; ++d)
        perm.push_back(d);
      std::swap(perm[rank - 1], perm[rank - 2]);
      key = b.create<TransposeOp>(loc, key, perm);
    }
    Value mask = m.mask;
    if (mask && m.negateMask) {
      Value no = b.create<ConstantOp>(
          loc, DenseElementsAttr::get(RankedTensorType::get({}, b.getI1Type()),
                                      false));
      mask = b.create<CompareOp>(loc, CompareDirection::EQ, mask, no);
    }
    auto attention = b.create<AttentionOp>(
        loc, pv.getType(), m.query, key, m.value, mask,
        b.getF64FloatAttr(m.scale), b.getBoolAttr(m.causal));
    if (report)
      tgc::remarkFused(attention, m.replaced);
    pv.replaceAllUsesWith(attention.getResult());
    // The replaced ops, root first, become dead in that order.
    for (Operation *op : m.replaced)
      if (op->use_empty())
        op->erase();
  }
};

} // namespace
