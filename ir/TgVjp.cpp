//===- TgVjp.cpp - the VJP rule of every differentiable tg op --------------===//
//
// Each rule builds, in tg ops, the cotangent of every operand from the
// cotangents of the results (`g` below, dL/dresult). The math is stated
// above each rule; `unbroadcast` undoes NumPy broadcasting by summing.
//
// Non-differentiable points follow PyTorch:
//   relu'(0) = 0; abs'(0) = 0 (sign(0) = 0);
//   max / min of two tensors: where lhs == rhs each side gets g / 2
//     (torch.maximum / torch.minimum);
//   reduce_max / reduce_min: g is split evenly among the elements equal to
//     the extreme (torch.amax / torch.amin), g / count at each tie;
//   pow: d/d rhs is 0 where lhs == 0 and rhs >= 0 (PyTorch's masking),
//     otherwise g * lhs^rhs * ln(lhs);
//   integer and boolean operands, stop_gradient's operand, select's
//   condition and gather's / cross_entropy's indices carry no gradient.
//
// Constants a rule needs that the element type cannot hold (1/sqrt(2 pi),
// an epsilon of 1e-5 in f32) are built exactly enough for the float64
// reference (Emit::exactScalarLike), so a gradient is as exact as the
// forward ops, whose attributes are doubles.
//
// Also here: the forward and reverse sweeps of reverse-mode
// differentiation (activeValues, backpropagate), which tg-autodiff runs on
// a function and tg.fused_elementwise's rule runs on its body.
//
//===----------------------------------------------------------------------===//

#include "ir/TgVjpInterface.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <numeric>

#include "ir/TgVjpInterface.cpp.inc"

using namespace mlir;

namespace tgc::tg {
namespace {

using Cotangents = FailureOr<SmallVector<Value>>;

RankedTensorType tensorOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

bool isFloatTensor(Type t) {
  auto tensor = dyn_cast<RankedTensorType>(t);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Builds tg ops at one location; every method returns the new value.
struct Emit {
  OpBuilder &b;
  Location loc;

  Value add(Value x, Value y) { return b.create<AddOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<SubOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<MulOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<DivOp>(loc, x, y); }
  Value neg(Value x) { return b.create<NegOp>(loc, x); }
  Value exp(Value x) { return b.create<ExpOp>(loc, x); }
  Value log(Value x) { return b.create<LogOp>(loc, x); }
  Value tanh(Value x) { return b.create<TanhOp>(loc, x); }
  Value erf(Value x) { return b.create<ErfOp>(loc, x); }
  Value sin(Value x) { return b.create<SinOp>(loc, x); }
  Value cos(Value x) { return b.create<CosOp>(loc, x); }
  Value rsqrt(Value x) { return b.create<RsqrtOp>(loc, x); }
  Value pow(Value x, Value y) { return b.create<PowOp>(loc, x, y); }
  Value softmax(Value x, int64_t axis) { return b.create<SoftmaxOp>(loc, x, axis); }
  Value compare(CompareDirection d, Value x, Value y) {
    return b.create<CompareOp>(loc, d, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return b.create<SelectOp>(loc, c, x, y);
  }
  Value matmul(Value x, Value y, bool ta, bool tb) {
    return b.create<MatmulOp>(loc, x, y, ta, tb);
  }
  Value transpose(Value x, ArrayRef<int64_t> perm) {
    return b.create<TransposeOp>(loc, x, perm);
  }
  Value concat(ValueRange xs, int64_t axis) {
    return b.create<ConcatOp>(loc, xs, axis);
  }
  Value slice(Value x, ArrayRef<int64_t> start, ArrayRef<int64_t> limit) {
    return b.create<SliceOp>(loc, x, start, limit, DenseI64ArrayAttr());
  }
  Value reduceSum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
    if (axes.empty())
      return x;
    return b.create<ReduceSumOp>(loc, x, axes, keepdims);
  }
  Value reduceMean(Value x, ArrayRef<int64_t> axes, bool keepdims) {
    if (axes.empty())
      return x;
    return b.create<ReduceMeanOp>(loc, x, axes, keepdims);
  }
  Value reshape(Value x, ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, tensorOf(x).getElementType());
    if (type == x.getType())
      return x;
    return b.create<ReshapeOp>(loc, type, x);
  }
  Value broadcastTo(Value x, RankedTensorType type) {
    if (type == x.getType())
      return x;
    return b.create<BroadcastToOp>(loc, type, x);
  }
  Value castTo(Value x, Type element) {
    if (tensorOf(x).getElementType() == element)
      return x;
    return b.create<CastOp>(loc, tensorOf(x).clone(element), x);
  }
  /// A tensor of `type` filled with `v`.
  Value full(RankedTensorType type, double v) {
    Attribute element;
    if (auto ft = dyn_cast<FloatType>(type.getElementType()))
      element = b.getFloatAttr(ft, v);
    else
      element = b.getIntegerAttr(type.getElementType(), int64_t(v));
    return b.create<ConstantOp>(loc, type,
                                DenseElementsAttr::get(type, element));
  }
  /// A rank-0 tensor of `x`'s element type holding `v`; it broadcasts.
  Value scalarLike(Value x, double v) {
    return full(RankedTensorType::get({}, tensorOf(x).getElementType()), v);
  }
  /// `v` for a float `x` as exactly as the forward ops' double attributes
  /// and the reference's double math hold it: where x's element type
  /// cannot represent `v` (1/sqrt(2 pi), sqrt(2/pi), epsilon = 1e-5 in f32),
  /// the sum of up to three constants of that type, `v` rounded, then the
  /// rounding of what is left. The float64 reference adds them to within
  /// an ulp of `v` in double; an f32 backend adds them back to `v` rounded
  /// to f32, the constant it would have had.
  Value exactScalarLike(Value x, double v) {
    const llvm::fltSemantics &semantics =
        cast<FloatType>(tensorOf(x).getElementType()).getFloatSemantics();
    Value sum;
    double left = v;
    for (int piece = 0; piece < 3 && (piece == 0 || left != 0); ++piece) {
      APFloat rounded(left);
      bool losesInfo = false;
      rounded.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
      double part = rounded.convertToDouble();
      Value c = scalarLike(x, part);
      sum = sum ? add(sum, c) : c;
      left -= part; // exact: part is left rounded (Sterbenz)
    }
    return sum;
  }
  Value zerosLike(Value x) { return full(tensorOf(x), 0.0); }
  /// 1.0 / 0.0 of `like`'s element type, chosen by `condition`.
  Value indicator(Value condition, Value like) {
    return select(condition, scalarLike(like, 1.0), scalarLike(like, 0.0));
  }
};

Emit emitAt(OpBuilder &b, Operation *op) { return Emit{b, op->getLoc()}; }

SmallVector<int64_t> range(int64_t begin, int64_t end) {
  SmallVector<int64_t> r(end - begin);
  std::iota(r.begin(), r.end(), begin);
  return r;
}

int64_t positiveAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// Shape of `shape` reduced over `axes` with keepdims.
SmallVector<int64_t> keptShape(ArrayRef<int64_t> shape, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept(shape);
  for (int64_t axis : axes)
    kept[positiveAxis(axis, shape.size())] = 1;
  return kept;
}

/// d/dx of gelu(x) in either form.
Value geluDerivative(Emit &e, Value x, GeluApproximation approximate) {
  if (approximate == GeluApproximation::Erf) {
    // 0.5 (1 + erf(x / sqrt 2)) + x e^(-x^2/2) / sqrt(2 pi); x / sqrt(2)
    // as the forward gelu computes it, sqrt(2) from an exact 2.
    Value root2 = e.b.create<SqrtOp>(e.loc, e.scalarLike(x, 2.0));
    Value cdf = e.mul(e.scalarLike(x, 0.5),
                      e.add(e.scalarLike(x, 1.0), e.erf(e.div(x, root2))));
    Value pdf = e.mul(e.exp(e.mul(e.mul(x, x), e.scalarLike(x, -0.5))),
                      e.exactScalarLike(x, 1.0 / std::sqrt(2.0 * M_PI)));
    return e.add(cdf, e.mul(x, pdf));
  }
  // u = c (x + 0.044715 x^3), t = tanh(u):
  // 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 * 0.044715 x^2)
  Value c = e.exactScalarLike(x, std::sqrt(2.0 / M_PI));
  Value x2 = e.mul(x, x);
  Value u = e.mul(c, e.add(x, e.mul(e.exactScalarLike(x, 0.044715),
                                    e.mul(x2, x))));
  Value t = e.tanh(u);
  Value du = e.mul(c, e.add(e.scalarLike(x, 1.0),
                            e.mul(e.exactScalarLike(x, 3 * 0.044715), x2)));
  Value left = e.mul(e.scalarLike(x, 0.5), e.add(e.scalarLike(x, 1.0), t));
  Value right = e.mul(e.mul(e.scalarLike(x, 0.5), x),
                      e.mul(e.sub(e.scalarLike(x, 1.0), e.mul(t, t)), du));
  return e.add(left, right);
}

/// Cotangents of a tg.matmul's operands from g = dL/d(A·B).
std::pair<Value, Value> matmulVjp(Emit &e, Value lhs, Value rhs, bool ta,
                                  bool tb, Value g) {
  // dA = g·Bᵀ, dB = Aᵀ·g, with A = op(lhs), B = op(rhs); transposed
  // operands get the transposed cotangent.
  Value dLhs = ta ? e.matmul(rhs, g, tb, true) : e.matmul(g, rhs, false, !tb);
  Value dRhs = tb ? e.matmul(g, lhs, true, ta) : e.matmul(lhs, g, !ta, false);
  return {unbroadcast(e.b, dLhs, lhs.getType()),
          unbroadcast(e.b, dRhs, rhs.getType())};
}

struct LayerNormCotangents {
  Value input, scale, bias;
};

/// Cotangents of layer_norm(x, scale, bias) over axes [axis, rank):
///   xhat = (x - mean) * rstd, gy = g * scale,
///   dx = rstd * (gy - mean(gy) - xhat * mean(gy * xhat)),
///   dscale = sum over leading axes of g * xhat, dbias = sum of g.
LayerNormCotangents layerNormVjp(Emit &e, Value x, Value scale, Value bias,
                                 int64_t axis, double epsilon, Value g) {
  int64_t rank = tensorOf(x).getRank();
  axis = positiveAxis(axis, rank);
  SmallVector<int64_t> norm = range(axis, rank), leading = range(0, axis);
  Value centered = e.sub(x, e.reduceMean(x, norm, true));
  Value var = e.reduceMean(e.mul(centered, centered), norm, true);
  Value rstd = e.rsqrt(e.add(var, e.exactScalarLike(x, epsilon)));
  Value xhat = e.mul(centered, rstd);
  Value gy = scale ? e.mul(g, scale) : g;
  Value inner = e.sub(e.sub(gy, e.reduceMean(gy, norm, true)),
                      e.mul(xhat, e.reduceMean(e.mul(gy, xhat), norm, true)));
  LayerNormCotangents out;
  out.input = e.mul(rstd, inner);
  if (scale)
    out.scale = e.reduceSum(e.mul(g, xhat), leading, false);
  if (bias)
    out.bias = e.reduceSum(g, leading, false);
  return out;
}

/// g of a reduction, brought back to the operand's shape (before scaling).
Value expandReduced(Emit &e, Value g, RankedTensorType operandType,
                    ArrayRef<int64_t> axes) {
  Value kept = e.reshape(g, keptShape(operandType.getShape(), axes));
  return e.broadcastTo(kept, operandType.clone(tensorOf(g).getElementType()));
}

/// reduce_max / reduce_min: g split evenly among the elements equal to the
/// extreme (torch.amax / torch.amin).
Value extremeVjp(Emit &e, Value x, Value result, ArrayRef<int64_t> axes,
                 Value g) {
  SmallVector<int64_t> kept = keptShape(tensorOf(x).getShape(), axes);
  Value extreme = e.reshape(result, kept);
  Value hit = e.indicator(e.compare(CompareDirection::EQ, x, extreme), x);
  Value count = e.reduceSum(hit, axes, true);
  return e.mul(hit, e.div(e.reshape(g, kept), count));
}

/// Scatters g (the cotangent of slice(x, start, limit, strides)) back to
/// x's shape with zeros elsewhere, one dimension at a time.
Value unslice(Emit &e, Value g, RankedTensorType xType, ArrayRef<int64_t> start,
              ArrayRef<int64_t> limit, ArrayRef<int64_t> strides) {
  Value current = g;
  for (int64_t d = 0, rank = xType.getRank(); d < rank; ++d) {
    SmallVector<int64_t> shape(tensorOf(current).getShape());
    int64_t n = shape[d], stride = strides.empty() ? 1 : strides[d];
    int64_t dim = xType.getDimSize(d);
    if (n == dim)
      continue;
    auto zeros = [&](int64_t size) {
      SmallVector<int64_t> zshape(tensorOf(current).getShape());
      zshape[d] = size;
      return e.full(RankedTensorType::get(zshape, xType.getElementType()), 0.0);
    };
    if (stride > 1 && n > 0) {
      // [.., n, ..] -> [.., n, 1, ..] ++ zeros [.., n, s-1, ..] -> [.., n*s, ..]
      SmallVector<int64_t> split(shape);
      split.insert(split.begin() + d + 1, 1);
      Value column = e.reshape(current, split);
      split[d + 1] = stride - 1;
      Value pad = e.full(RankedTensorType::get(split, xType.getElementType()), 0.0);
      Value spread = e.concat({column, pad}, d + 1);
      SmallVector<int64_t> joined(shape);
      joined[d] = n * stride;
      current = e.reshape(spread, joined);
      int64_t keep = std::min(n * stride, dim - start[d]);
      SmallVector<int64_t> lo(rank, 0), hi(joined);
      hi[d] = keep;
      current = e.slice(current, lo, hi);
    }
    SmallVector<Value> pieces;
    if (start[d] > 0)
      pieces.push_back(zeros(start[d]));
    int64_t after = dim - start[d] - tensorOf(current).getDimSize(d);
    pieces.push_back(current);
    if (after > 0)
      pieces.push_back(zeros(after));
    current = pieces.size() == 1 ? current : e.concat(pieces, d);
  }
  return current;
}

/// The cotangents of attention's query, key, value and (float) mask. As in
/// FlashAttention's backward, the probabilities are recomputed from q, k
/// and the mask rather than kept from the forward:
///   s  = scale q·kᵀ (causal: -inf above the diagonal; + mask, or -inf
///        where an i1 mask is false),  p = softmax(s),
///   dv = pᵀ·g,  dp = g·vᵀ,  ds = p (dp - D),  D = sum_j dp_ij p_ij,
///   dq = scale ds·k,  dk = scale dsᵀ·q,  d mask = ds (float mask).
/// FlashAttention takes D as g_i · out_i, equal in exact arithmetic; here
/// `out` comes from the forward's attention kernel and p from these ops,
/// so in f32 the two disagree by rounding and ds = p (dp - D), a small
/// difference of large terms, loses digits (3x the error on the
/// transformer example on onednn). D from the same p as dp cancels.
SmallVector<Value> attentionVjp(Emit &e, AttentionOp op, Value g) {
  Value q = op.getQuery(), k = op.getKey(), v = op.getValue(),
        mask = op.getMask();
  Value scale = e.exactScalarLike(q, op.getScale().convertToDouble());
  Value s = e.mul(e.matmul(q, k, false, true), scale);
  RankedTensorType sType = tensorOf(s);
  int64_t rank = sType.getRank();
  Value negInf = e.scalarLike(q, -INFINITY);
  if (op.getCausal()) {
    auto idx = RankedTensorType::get(sType.getShape().take_back(2),
                                     e.b.getI64Type());
    Value row = e.b.create<IotaOp>(e.loc, idx, int64_t(0));
    Value col = e.b.create<IotaOp>(e.loc, idx, int64_t(1));
    s = e.select(e.compare(CompareDirection::LE, col, row), s, negInf);
  }
  if (mask) {
    if (isFloatTensor(mask.getType()))
      s = e.add(s, mask);
    else
      s = e.select(mask, s, negInf);
  }
  Value p = e.softmax(s, -1);
  Value dv = e.matmul(p, g, true, false);
  Value dp = e.matmul(g, v, false, true);
  Value rowTerm = e.reduceSum(e.mul(dp, p), {rank - 1}, true);
  Value ds = e.mul(p, e.sub(dp, rowTerm));
  Value dq = e.mul(e.matmul(ds, k, false, false), scale);
  Value dk = e.mul(e.matmul(ds, q, true, false), scale);
  SmallVector<Value> out = {unbroadcast(e.b, dq, q.getType()),
                            unbroadcast(e.b, dk, k.getType()),
                            unbroadcast(e.b, dv, v.getType())};
  if (mask)
    out.push_back(isFloatTensor(mask.getType())
                      ? unbroadcast(e.b, ds, mask.getType())
                      : Value());
  return out;
}

} // namespace

Value unbroadcast(OpBuilder &b, Value cotangent, Type operandType) {
  if (cotangent.getType() == operandType)
    return cotangent;
  auto target = cast<RankedTensorType>(operandType);
  ArrayRef<int64_t> from = tensorOf(cotangent).getShape();
  ArrayRef<int64_t> to = target.getShape();
  int64_t lead = int64_t(from.size()) - int64_t(to.size());
  SmallVector<int64_t> axes = range(0, lead);
  for (int64_t i = lead; i < int64_t(from.size()); ++i)
    if (to[i - lead] == 1 && from[i] != 1)
      axes.push_back(i);
  Emit e{b, cotangent.getLoc()};
  return e.reshape(e.reduceSum(cotangent, axes, false), to);
}

llvm::DenseSet<Value> activeValues(ArrayRef<Operation *> ops, ValueRange seeds,
                                   llvm::function_ref<void(Operation *)> onCut) {
  llvm::DenseSet<Value> active(seeds.begin(), seeds.end());
  for (Operation *op : ops) {
    if (llvm::none_of(op->getOperands(),
                      [&](Value v) { return active.contains(v); }))
      continue;
    bool anyFloat = false;
    for (Value r : op->getResults())
      if (isFloatTensor(r.getType())) {
        active.insert(r);
        anyFloat = true;
      }
    if (!anyFloat && onCut)
      onCut(op);
  }
  return active;
}

LogicalResult backpropagate(OpBuilder &b, ArrayRef<Operation *> ops,
                            const llvm::DenseSet<Value> &active,
                            llvm::DenseMap<Value, Value> &cotangents,
                            llvm::function_ref<void(Operation *)> onCut) {
  for (Operation *op : llvm::reverse(ops)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value r) { return cotangents.count(r); }) ||
        llvm::none_of(op->getOperands(),
                      [&](Value v) { return active.contains(v); }))
      continue;
    auto rule = dyn_cast<VjpOpInterface>(op);
    if (!rule)
      return op->emitError("tg-autodiff: '")
             << op->getName() << "' has no VJP rule yet";
    SmallVector<Value> resultCotangents;
    for (Value r : op->getResults()) {
      Value g = cotangents.lookup(r);
      if (!g && isFloatTensor(r.getType()))
        g = Emit{b, op->getLoc()}.zerosLike(r);
      resultCotangents.push_back(g);
    }
    FailureOr<SmallVector<Value>> operandCotangents =
        rule.vjp(b, resultCotangents);
    if (failed(operandCotangents) ||
        operandCotangents->size() != op->getNumOperands())
      return op->emitError("tg-autodiff: the VJP rule of '")
             << op->getName() << "' failed";
    for (auto [operand, d] :
         llvm::zip_equal(op->getOperands(), *operandCotangents)) {
      if (!active.contains(operand))
        continue;
      if (!d) {
        if (onCut)
          onCut(op);
        continue;
      }
      if (d.getType() != operand.getType())
        return op->emitError("tg-autodiff: the VJP rule of '")
               << op->getName() << "' gave a cotangent of type " << d.getType()
               << " for an operand of type " << operand.getType();
      Value &sum = cotangents[operand];
      sum = sum ? b.create<AddOp>(op->getLoc(), sum, d).getResult() : d;
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

// d(lhs + rhs) = (g, g)
Cotangents AddOp::vjp(OpBuilder &b, ValueRange g) {
  return SmallVector<Value>{unbroadcast(b, g[0], getLhs().getType()),
                            unbroadcast(b, g[0], getRhs().getType())};
}

// d(lhs - rhs) = (g, -g)
Cotangents SubOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{unbroadcast(b, g[0], getLhs().getType()),
                            unbroadcast(b, e.neg(g[0]), getRhs().getType())};
}

// d(lhs * rhs) = (g rhs, g lhs)
Cotangents MulOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      unbroadcast(b, e.mul(g[0], getRhs()), getLhs().getType()),
      unbroadcast(b, e.mul(g[0], getLhs()), getRhs().getType())};
}

// d(lhs / rhs) = (g / rhs, -g result / rhs)
Cotangents DivOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value dl = e.div(g[0], getRhs());
  Value dr = e.neg(e.mul(dl, getResult()));
  return SmallVector<Value>{unbroadcast(b, dl, getLhs().getType()),
                            unbroadcast(b, dr, getRhs().getType())};
}

/// max / min: the winning side gets g, ties split g / 2 (torch.maximum).
static Cotangents extremeBinaryVjp(OpBuilder &b, Operation *op, Value lhs,
                                   Value rhs, CompareDirection wins, Value g) {
  Emit e = emitAt(b, op);
  CompareDirection loses =
      wins == CompareDirection::GT ? CompareDirection::LT : CompareDirection::GT;
  Value tie = e.compare(CompareDirection::EQ, lhs, rhs);
  Value half = e.scalarLike(g, 0.5), one = e.scalarLike(g, 1.0),
        zero = e.scalarLike(g, 0.0);
  Value tieWeight = e.select(tie, half, zero);
  Value wl = e.select(e.compare(wins, lhs, rhs), one, tieWeight);
  Value wr = e.select(e.compare(loses, lhs, rhs), one, tieWeight);
  return SmallVector<Value>{unbroadcast(b, e.mul(g, wl), lhs.getType()),
                            unbroadcast(b, e.mul(g, wr), rhs.getType())};
}

Cotangents MaxOp::vjp(OpBuilder &b, ValueRange g) {
  return extremeBinaryVjp(b, *this, getLhs(), getRhs(), CompareDirection::GT,
                          g[0]);
}

Cotangents MinOp::vjp(OpBuilder &b, ValueRange g) {
  return extremeBinaryVjp(b, *this, getLhs(), getRhs(), CompareDirection::LT,
                          g[0]);
}

// d(lhs ^ rhs) = (g rhs lhs^(rhs - 1),
//                 g result ln(lhs), 0 where lhs == 0 and rhs >= 0)
Cotangents PowOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value lhs = getLhs(), rhs = getRhs();
  Value dl = e.mul(e.mul(g[0], rhs),
                   e.pow(lhs, e.sub(rhs, e.scalarLike(rhs, 1.0))));
  Value dr = e.mul(e.mul(g[0], getResult()), e.log(lhs));
  Value zero = e.scalarLike(g[0], 0.0);
  Value baseZero = e.compare(CompareDirection::EQ, lhs, e.scalarLike(lhs, 0.0));
  Value expNonNeg = e.compare(CompareDirection::GE, rhs, e.scalarLike(rhs, 0.0));
  dr = e.select(baseZero, e.select(expNonNeg, zero, dr), dr);
  return SmallVector<Value>{unbroadcast(b, dl, lhs.getType()),
                            unbroadcast(b, dr, rhs.getType())};
}
//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

// d(-x) = -g
Cotangents NegOp::vjp(OpBuilder &b, ValueRange g) {
  return SmallVector<Value>{emitAt(b, *this).neg(g[0])};
}

// d|x| = g sign(x), sign(0) = 0
Cotangents AbsOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value x = getOperand();
  Value zero = e.scalarLike(x, 0.0);
  Value sign = e.select(e.compare(CompareDirection::GT, x, zero),
                        e.scalarLike(x, 1.0),
                        e.select(e.compare(CompareDirection::LT, x, zero),
                                 e.scalarLike(x, -1.0), zero));
  return SmallVector<Value>{e.mul(g[0], sign)};
}

// d e^x = g e^x
Cotangents ExpOp::vjp(OpBuilder &b, ValueRange g) {
  return SmallVector<Value>{emitAt(b, *this).mul(g[0], getResult())};
}

// d ln x = g / x
Cotangents LogOp::vjp(OpBuilder &b, ValueRange g) {
  return SmallVector<Value>{emitAt(b, *this).div(g[0], getOperand())};
}

// d sqrt(x) = g / (2 sqrt(x))
Cotangents SqrtOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      e.div(e.mul(g[0], e.scalarLike(g[0], 0.5)), getResult())};
}

// d x^(-1/2) = -g x^(-3/2) / 2 = -g r^3 / 2
Cotangents RsqrtOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value r = getResult();
  return SmallVector<Value>{e.mul(e.mul(g[0], e.scalarLike(r, -0.5)),
                                  e.mul(r, e.mul(r, r)))};
}

// d tanh(x) = g (1 - t^2)
Cotangents TanhOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value t = getResult();
  return SmallVector<Value>{
      e.mul(g[0], e.sub(e.scalarLike(t, 1.0), e.mul(t, t)))};
}

// d sigmoid(x) = g s (1 - s)
Cotangents SigmoidOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value s = getResult();
  return SmallVector<Value>{
      e.mul(g[0], e.mul(s, e.sub(e.scalarLike(s, 1.0), s)))};
}

// d relu(x) = g where x > 0, else 0 (relu'(0) = 0, as PyTorch)
Cotangents ReluOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value x = getOperand();
  return SmallVector<Value>{
      e.select(e.compare(CompareDirection::GT, x, e.scalarLike(x, 0.0)), g[0],
               e.scalarLike(x, 0.0))};
}

// d erf(x) = g 2/sqrt(pi) e^(-x^2)
Cotangents ErfOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value x = getOperand();
  Value d = e.mul(e.exp(e.neg(e.mul(x, x))), e.exactScalarLike(x, M_2_SQRTPI));
  return SmallVector<Value>{e.mul(g[0], d)};
}

// d sin(x) = g cos(x)
Cotangents SinOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{e.mul(g[0], e.cos(getOperand()))};
}

// d cos(x) = -g sin(x)
Cotangents CosOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{e.neg(e.mul(g[0], e.sin(getOperand())))};
}

// d gelu(x) = g gelu'(x), either form (see geluDerivative)
Cotangents GeluOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      e.mul(g[0], geluDerivative(e, getOperand(), getApproximate()))};
}

// No gradient: the straight-through estimator's cut.
Cotangents StopGradientOp::vjp(OpBuilder &, ValueRange) {
  return SmallVector<Value>{Value()};
}

// d select(c, t, f) = (none, g where c, g where !c)
Cotangents SelectOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value c = getCondition(), zero = e.scalarLike(g[0], 0.0);
  Value dt = e.select(c, g[0], zero), df = e.select(c, zero, g[0]);
  return SmallVector<Value>{Value(), unbroadcast(b, dt, getOnTrue().getType()),
                            unbroadcast(b, df, getOnFalse().getType())};
}

// float -> float: g cast back; from an integer: none
Cotangents CastOp::vjp(OpBuilder &b, ValueRange g) {
  if (!isFloatTensor(getOperand().getType()))
    return SmallVector<Value>{Value()};
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      e.castTo(g[0], tensorOf(getOperand()).getElementType())};
}

//===----------------------------------------------------------------------===//
// Linear algebra, reductions, normalization
//===----------------------------------------------------------------------===//

// dA = g·Bᵀ, dB = Aᵀ·g (see matmulVjp), batch broadcasting undone
Cotangents MatmulOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  auto [dl, dr] = matmulVjp(e, getLhs(), getRhs(), getTransposeA(),
                            getTransposeB(), g[0]);
  return SmallVector<Value>{dl, dr};
}

// d sum = g broadcast back over the reduced axes
Cotangents ReduceSumOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      expandReduced(e, g[0], tensorOf(getOperand()), getAxes())};
}

// d mean = g / n broadcast back
Cotangents ReduceMeanOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  RankedTensorType xType = tensorOf(getOperand());
  int64_t n = 1;
  for (int64_t axis : getAxes())
    n *= xType.getDimSize(positiveAxis(axis, xType.getRank()));
  Value scaled = e.div(g[0], e.scalarLike(g[0], double(n)));
  return SmallVector<Value>{expandReduced(e, scaled, xType, getAxes())};
}

// d max = g / (number of ties) at each element equal to the max
Cotangents ReduceMaxOp::vjp(OpBuilder &b, ValueRange g) {
  if (!isFloatTensor(getOperand().getType()))
    return SmallVector<Value>{Value()};
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      extremeVjp(e, getOperand(), getResult(), getAxes(), g[0])};
}

// d min = g / (number of ties) at each element equal to the min
Cotangents ReduceMinOp::vjp(OpBuilder &b, ValueRange g) {
  if (!isFloatTensor(getOperand().getType()))
    return SmallVector<Value>{Value()};
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{
      extremeVjp(e, getOperand(), getResult(), getAxes(), g[0])};
}

// d softmax = p (g - sum(g p)) along the axis
Cotangents SoftmaxOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value p = getResult();
  int64_t axis = positiveAxis(getAxis(), tensorOf(p).getRank());
  return SmallVector<Value>{
      e.mul(p, e.sub(g[0], e.reduceSum(e.mul(g[0], p), {axis}, true)))};
}

// d log_softmax = g - e^result sum(g) along the axis
Cotangents LogSoftmaxOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value r = getResult();
  int64_t axis = positiveAxis(getAxis(), tensorOf(r).getRank());
  return SmallVector<Value>{
      e.sub(g[0], e.mul(e.exp(r), e.reduceSum(g[0], {axis}, true)))};
}

// see layerNormVjp
Cotangents LayerNormOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  LayerNormCotangents d =
      layerNormVjp(e, getInput(), getScale(), getBias(), getAxis(),
                   getEpsilon().convertToDouble(), g[0]);
  SmallVector<Value> out = {d.input};
  if (getScale())
    out.push_back(d.scale);
  if (getBias())
    out.push_back(d.bias);
  return out;
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

// d reshape = g reshaped back
Cotangents ReshapeOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return SmallVector<Value>{e.reshape(g[0], tensorOf(getOperand()).getShape())};
}

// d transpose = g transposed by the inverse permutation
Cotangents TransposeOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [d, p] : llvm::enumerate(perm))
    inverse[p] = d;
  return SmallVector<Value>{e.transpose(g[0], inverse)};
}

// d concat = the slices of g each input came from
Cotangents ConcatOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  RankedTensorType rType = tensorOf(getResult());
  int64_t axis = positiveAxis(getAxis(), rType.getRank()), offset = 0;
  SmallVector<Value> out;
  for (Value input : getInputs()) {
    int64_t size = tensorOf(input).getDimSize(axis);
    if (!isFloatTensor(input.getType())) {
      out.push_back(Value());
    } else {
      SmallVector<int64_t> start(rType.getRank(), 0),
          limit(rType.getShape());
      start[axis] = offset;
      limit[axis] = offset + size;
      out.push_back(e.slice(g[0], start, limit));
    }
    offset += size;
  }
  return out;
}

// d slice = g scattered back into zeros of the operand's shape
Cotangents SliceOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  ArrayRef<int64_t> strides;
  if (getStrides())
    strides = *getStrides();
  return SmallVector<Value>{unslice(e, g[0], tensorOf(getOperand()),
                                    getStart(), getLimit(), strides)};
}

// d params = scatter-add of g by index: with g flattened to [Pre, nI, Post]
// and one_hot(indices, A) flattened to [nI, A],
// d params = one_hotᵀ · g  ([Pre, A, Post]), reshaped to params.
Cotangents GatherOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  RankedTensorType pType = tensorOf(getParams());
  ArrayRef<int64_t> p = pType.getShape();
  int64_t axis = positiveAxis(getAxis(), pType.getRank());
  int64_t pre = 1, post = 1, nI = tensorOf(getIndices()).getNumElements();
  for (int64_t d = 0; d < axis; ++d)
    pre *= p[d];
  for (int64_t d = axis + 1; d < int64_t(p.size()); ++d)
    post *= p[d];
  Type element = pType.getElementType();
  Value indices = e.reshape(getIndices(), {nI});
  Value oneHot = e.b.create<OneHotOp>(
      e.loc, RankedTensorType::get({nI, p[axis]}, element), indices, p[axis]);
  Value flat = e.reshape(g[0], {pre, nI, post});
  Value dp = e.matmul(oneHot, flat, true, false);
  return SmallVector<Value>{e.reshape(dp, p), Value()};
}

// d broadcast_to = g summed over the broadcast axes
Cotangents BroadcastToOp::vjp(OpBuilder &b, ValueRange g) {
  return SmallVector<Value>{unbroadcast(b, g[0], getOperand().getType())};
}

//===----------------------------------------------------------------------===//
// Random, losses
//===----------------------------------------------------------------------===//

// dropout is x * mask / (1 - ratio): d = dropout(g) with the same seed and
// step, so the mask is recomputed from them. The step (an integer) has no
// cotangent.
Cotangents DropoutOp::vjp(OpBuilder &b, ValueRange g) {
  Value d = !getTraining() ? g[0]
                           : b.create<DropoutOp>(getLoc(), g[0], getRatio(),
                                                 getSeed(), true, getStep());
  SmallVector<Value> cotangents{d};
  if (getStep())
    cotangents.push_back(Value());
  return cotangents;
}

// d logits = g (softmax(logits) - one_hot(labels)) kept / number kept
Cotangents CrossEntropyOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  Value logits = getLogits(), labels = getLabels();
  RankedTensorType lType = tensorOf(logits);
  Type element = lType.getElementType();
  int64_t classes = lType.getShape().back();
  RankedTensorType labelType = tensorOf(labels);
  Value kept;
  if (std::optional<int64_t> ignore = getIgnoreIndex()) {
    Value ignored = e.full(RankedTensorType::get({}, labelType.getElementType()),
                           double(*ignore));
    kept = e.indicator(e.compare(CompareDirection::NE, labels, ignored), logits);
  } else {
    kept = e.full(labelType.clone(element), 1.0);
  }
  Value count = e.reduceSum(kept, range(0, labelType.getRank()), false);
  Value oneHot = e.b.create<OneHotOp>(e.loc, lType, labels, classes);
  SmallVector<int64_t> column(labelType.getShape());
  column.push_back(1);
  Value weight = e.mul(e.reshape(kept, column), e.div(g[0], count));
  Value d = e.mul(e.sub(e.softmax(logits, -1), oneHot), weight);
  return SmallVector<Value>{d, Value()};
}

// d mse = (2 g (lhs - rhs) / N, -that)
// 2 g / N, not g * (2 / N): 2 and N are exact in f32 (N <= 2^24) where 2 / N
// mostly is not, and the reference divides in float64 as the forward mse
// does, so the gradient is as exact as the loss.
Cotangents MseOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  double n = double(tensorOf(getLhs()).getNumElements());
  Value scale = e.div(e.mul(g[0], e.scalarLike(g[0], 2.0)),
                      e.scalarLike(g[0], n));
  Value d = e.mul(e.sub(getLhs(), getRhs()), scale);
  return SmallVector<Value>{d, e.neg(d)};
}

//===----------------------------------------------------------------------===//
// Fused ops: the VJP of their unfused spelling, recomputing what the fused
// forward does not keep (passes/README.md, "Gradients and fusion")
//===----------------------------------------------------------------------===//

// see attentionVjp: probabilities recomputed, then softmax and matmul's rules
Cotangents AttentionOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  return attentionVjp(e, *this, g[0]);
}

// sum = input + residual; result = layer_norm(sum): d sum = d_ln + g_sum
Cotangents AddLayerNormOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  LayerNormCotangents d =
      layerNormVjp(e, getSum(), getScale(), getBias(), getAxis(),
                   getEpsilon().convertToDouble(), g[0]);
  Value dsum = e.add(d.input, g[1]);
  SmallVector<Value> out = {dsum, dsum};
  if (getScale())
    out.push_back(d.scale);
  if (getBias())
    out.push_back(d.bias);
  return out;
}

// z = matmul + bias; result = activation(z): dz = g act'(z), then matmul's
// and bias's rules. relu' reads the result (relu(z) > 0 exactly where
// z > 0); only gelu' needs z, which is recomputed (one more matmul: the
// fused forward keeps no pre-activation).
Cotangents FusedMatmulOp::vjp(OpBuilder &b, ValueRange g) {
  Emit e = emitAt(b, *this);
  auto preActivation = [&] {
    Value z = e.matmul(getLhs(), getRhs(), getTransposeA(), getTransposeB());
    return getBias() ? e.add(z, getBias()) : z;
  };
  Value dz = g[0];
  switch (getActivation()) {
  case Activation::None:
    break;
  case Activation::Relu: {
    Value y = getResult();
    dz = e.select(e.compare(CompareDirection::GT, y, e.scalarLike(y, 0.0)), dz,
                  e.scalarLike(y, 0.0));
    break;
  }
  case Activation::GeluErf:
    dz = e.mul(dz, geluDerivative(e, preActivation(), GeluApproximation::Erf));
    break;
  case Activation::GeluTanh:
    dz = e.mul(dz, geluDerivative(e, preActivation(), GeluApproximation::Tanh));
    break;
  }
  auto [dl, dr] = matmulVjp(e, getLhs(), getRhs(), getTransposeA(),
                            getTransposeB(), dz);
  SmallVector<Value> out = {dl, dr};
  if (getBias())
    out.push_back(unbroadcast(b, dz, getBias().getType()));
  return out;
}

// d x_k = unbroadcast(fused_elementwise(x_1 .. x_n, g) { body; its reverse
// sweep; yield d x_k }): the body's ops differentiated by their own rules,
// which on rank-0 tensors build rank-0 elementwise ops, so the backward of
// a fused chain is again one fused loop per operand (recomputing the
// forward it needs, as the unfused backward would read it from memory).
// Operands the derivative does not read are dropped (d x of x * y reads y
// and g only); g has the result's shape, so the shape stays.
Cotangents FusedElementwiseOp::vjp(OpBuilder &b, ValueRange g) {
  SmallVector<Value> out;
  if (!g[0]) {
    out.resize(getNumOperands());
    return out;
  }
  Block &body = getBody().front();
  RankedTensorType resultType = getType();
  SmallVector<Value> operands(getInputs());
  operands.push_back(g[0]);
  for (auto [k, input] : llvm::enumerate(getInputs())) {
    if (!isFloatTensor(input.getType())) {
      out.push_back(Value());
      continue;
    }
    auto block = std::make_unique<Block>();
    IRMapping mapping;
    for (BlockArgument arg : body.getArguments())
      mapping.map(arg, block->addArgument(arg.getType(), arg.getLoc()));
    Value dy = block->addArgument(
        RankedTensorType::get({}, resultType.getElementType()), getLoc());
    OpBuilder inner(getContext()); // the block has no region yet
    inner.setInsertionPointToEnd(block.get());
    SmallVector<Operation *> ops;
    for (Operation &op : body.without_terminator())
      ops.push_back(inner.clone(op, mapping));
    Value y = mapping.lookupOrDefault(getYield().getValue());
    Value x = block->getArgument(k);
    llvm::DenseSet<Value> active = activeValues(ops, x);
    llvm::DenseMap<Value, Value> cotangents;
    if (active.contains(y))
      cotangents[y] = dy;
    if (failed(backpropagate(inner, ops, active, cotangents)))
      return failure();
    Value dx = cotangents.lookup(x);
    if (!dx) {
      out.push_back(Value()); // x reaches the result through no float op
      continue;
    }
    inner.create<YieldOp>(getLoc(), dx);
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*block)))
      if (isOpTriviallyDead(&op)) // never the tg.yield, a terminator
        op.erase();

    llvm::BitVector unread(block->getNumArguments());
    SmallVector<Value> read;
    for (auto [arg, operand] : llvm::zip_equal(block->getArguments(), operands)) {
      if (arg.use_empty() && !dy.use_empty())
        unread.set(arg.getArgNumber());
      else
        read.push_back(operand);
    }
    block->eraseArguments(unread);
    auto derivative = b.create<FusedElementwiseOp>(
        getLoc(), resultType.clone(tensorOf(input).getElementType()), read);
    derivative.getBody().push_back(block.release());
    out.push_back(unbroadcast(b, derivative.getResult(), input.getType()));
  }
  return out;
}

} // namespace tgc::tg
