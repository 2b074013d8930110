//===- ElementwiseKernels.cpp - reference evaluation of elementwise ops ---===//
//
// Elementwise math, comparison, selection and casts, with NumPy
// broadcasting. Floats are computed in double; integers exactly, wrapped to
// their declared width.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"
#include "runtime/DType.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {

double geluErf(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

double geluTanh(double x) {
  const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);
  return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
}

namespace {

using FloatFn = double (*)(double, double);
using IntFn = std::optional<int64_t> (*)(int64_t, int64_t);

RankedTensorType resultType(Operation *op) {
  return cast<RankedTensorType>(op->getResult(0).getType());
}

/// lhs (op) rhs with broadcasting. `intFn` returns std::nullopt for an
/// undefined integer result (division by zero).
absl::StatusOr<RefValue> evalBinary(Operation *op, Operands in, FloatFn floatFn,
                                    IntFn intFn) {
  const RefValue &a = *in[0], &b = *in[1];
  RefValue out = RefValue::zeros(resultType(op));
  std::vector<int64_t> mapA = broadcastIndexMap(a.shape(), out.shape());
  std::vector<int64_t> mapB = broadcastIndexMap(b.shape(), out.shape());
  for (int64_t k = 0; k < out.size(); ++k) {
    if (out.isFloat()) {
      out.floats[k] = floatFn(a.floats[mapA[k]], b.floats[mapB[k]]);
      continue;
    }
    std::optional<int64_t> r = intFn(a.ints[mapA[k]], b.ints[mapB[k]]);
    if (!r)
      return evaluationError(op, "integer division by zero at element " +
                                     std::to_string(k) + " of the result");
    out.ints[k] = wrapInteger(*r, out.type.getElementType());
  }
  return out;
}

/// f(x) elementwise; `intFn` is used for integer operands where allowed.
absl::StatusOr<RefValue> evalUnary(Operation *op, Operands in,
                                   double (*floatFn)(double),
                                   int64_t (*intFn)(int64_t) = nullptr) {
  const RefValue &x = *in[0];
  RefValue out = RefValue::zeros(resultType(op));
  for (int64_t k = 0; k < out.size(); ++k) {
    if (out.isFloat())
      out.floats[k] = floatFn(x.floats[k]);
    else
      out.ints[k] = wrapInteger(intFn(x.ints[k]), out.type.getElementType());
  }
  return out;
}

double nanMax(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}
double nanMin(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
}


/// Rounds `x` to the float type `type` (a cast's rounding, ties to even).
double roundToFloatType(double x, Type type) {
  if (type.isF16())
    return halfToFloat(doubleToHalf(x));
  if (type.isBF16())
    return bf16ToFloat(doubleToBF16(x));
  if (type.isF32())
    return static_cast<float>(x);
  return x;
}

/// The integer `v` rounded once (to nearest, ties to even) to a binary
/// significand of `precision` bits. Going through double first would round
/// twice for |v| > 2^53.
double roundIntegerToPrecision(int64_t v, int precision) {
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  int bits = 64 - __builtin_clzll(magnitude | 1);
  double rounded;
  if (bits <= precision) {
    rounded = static_cast<double>(magnitude);
  } else {
    int shift = bits - precision;
    uint64_t kept = magnitude >> shift;
    uint64_t dropped = magnitude & ((uint64_t(1) << shift) - 1);
    uint64_t half = uint64_t(1) << (shift - 1);
    if (dropped > half || (dropped == half && (kept & 1)))
      ++kept;
    rounded = std::ldexp(static_cast<double>(kept), shift);
  }
  return v < 0 ? -rounded : rounded;
}

/// Significand bits (with the implicit one) of a float type.
int precisionOf(Type type) {
  return llvm::APFloat::semanticsPrecision(cast<FloatType>(type).getFloatSemantics());
}

absl::StatusOr<RefValue> evalCast(CastOp op, Operands in) {
  const RefValue &x = *in[0];
  RefValue out = RefValue::zeros(op.getType());
  Type to = out.type.getElementType();
  for (int64_t k = 0; k < out.size(); ++k) {
    if (out.isFloat() && !x.isFloat()) {
      // Exact after one rounding; roundToFloatType then only handles range.
      out.floats[k] = roundToFloatType(
          roundIntegerToPrecision(x.ints[k], precisionOf(to)), to);
    } else if (out.isFloat()) {
      out.floats[k] = roundToFloatType(x.floats[k], to);
    } else if (to.isInteger(1)) {
      out.ints[k] = x.isFloat() ? x.floats[k] != 0 : x.ints[k] != 0;
    } else if (!x.isFloat()) {
      out.ints[k] = wrapInteger(x.ints[k], to);
    } else {
      double t = std::trunc(x.floats[k]);
      double limit = std::ldexp(1.0, to.getIntOrFloatBitWidth() - 1);
      if (std::isnan(t) || t < -limit || t >= limit)
        return evaluationError(op, "cannot cast " + std::to_string(x.floats[k]) +
                                       " (element " + std::to_string(k) +
                                       ") to an integer of " +
                                       std::to_string(to.getIntOrFloatBitWidth()) +
                                       " bits");
      out.ints[k] = static_cast<int64_t>(t);
    }
  }
  return out;
}

/// `a <direction> b`; for doubles, IEEE (NaN compares false but for ne).
template <typename T> bool compare(CompareDirection direction, T a, T b) {
  switch (direction) {
  case CompareDirection::EQ: return a == b;
  case CompareDirection::NE: return a != b;
  case CompareDirection::LT: return a < b;
  case CompareDirection::LE: return a <= b;
  case CompareDirection::GT: return a > b;
  case CompareDirection::GE: return a >= b;
  }
  return false;
}

absl::StatusOr<RefValue> evalCompare(CompareOp op, Operands in) {
  const RefValue &a = *in[0], &b = *in[1];
  RefValue out = RefValue::zeros(op.getType());
  std::vector<int64_t> mapA = broadcastIndexMap(a.shape(), out.shape());
  std::vector<int64_t> mapB = broadcastIndexMap(b.shape(), out.shape());
  CompareDirection dir = op.getDirection();
  for (int64_t k = 0; k < out.size(); ++k)
    out.ints[k] = a.isFloat()
                      ? compare(dir, a.floats[mapA[k]], b.floats[mapB[k]])
                      : compare(dir, a.ints[mapA[k]], b.ints[mapB[k]]);
  return out;
}

absl::StatusOr<RefValue> evalSelect(SelectOp op, Operands in) {
  const RefValue &c = *in[0], &t = *in[1], &f = *in[2];
  RefValue out = RefValue::zeros(op.getType());
  std::vector<int64_t> mapC = broadcastIndexMap(c.shape(), out.shape());
  std::vector<int64_t> mapT = broadcastIndexMap(t.shape(), out.shape());
  std::vector<int64_t> mapF = broadcastIndexMap(f.shape(), out.shape());
  for (int64_t k = 0; k < out.size(); ++k) {
    bool pick = c.ints[mapC[k]] != 0;
    if (out.isFloat())
      out.floats[k] = pick ? t.floats[mapT[k]] : f.floats[mapF[k]];
    else
      out.ints[k] = pick ? t.ints[mapT[k]] : f.ints[mapF[k]];
  }
  return out;
}

} // namespace

void registerElementwiseKernels(KernelTable &table) {
  table.add<AddOp>([](AddOp op, Operands in) {
    return evalBinary(
        op, in, [](double a, double b) { return a + b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return static_cast<int64_t>(uint64_t(a) + uint64_t(b));
        });
  });
  table.add<SubOp>([](SubOp op, Operands in) {
    return evalBinary(
        op, in, [](double a, double b) { return a - b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return static_cast<int64_t>(uint64_t(a) - uint64_t(b));
        });
  });
  table.add<MulOp>([](MulOp op, Operands in) {
    return evalBinary(
        op, in, [](double a, double b) { return a * b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return static_cast<int64_t>(uint64_t(a) * uint64_t(b));
        });
  });
  table.add<DivOp>([](DivOp op, Operands in) {
    return evalBinary(
        op, in, [](double a, double b) { return a / b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          if (b == 0)
            return std::nullopt;
          if (a == INT64_MIN && b == -1)
            return a; // wraps, as two's complement does
          return a / b;
        });
  });
  table.add<MaxOp>([](MaxOp op, Operands in) {
    return evalBinary(op, in, nanMax,
                      [](int64_t a, int64_t b) -> std::optional<int64_t> {
                        return std::max(a, b);
                      });
  });
  table.add<MinOp>([](MinOp op, Operands in) {
    return evalBinary(op, in, nanMin,
                      [](int64_t a, int64_t b) -> std::optional<int64_t> {
                        return std::min(a, b);
                      });
  });
  table.add<PowOp>([](PowOp op, Operands in) {
    return evalBinary(
        op, in, [](double a, double b) { return std::pow(a, b); }, nullptr);
  });

  table.add<NegOp>([](NegOp op, Operands in) {
    return evalUnary(
        op, in, [](double x) { return -x; },
        [](int64_t x) { return static_cast<int64_t>(0 - uint64_t(x)); });
  });
  table.add<AbsOp>([](AbsOp op, Operands in) {
    return evalUnary(
        op, in, [](double x) { return std::fabs(x); },
        [](int64_t x) { return x < 0 ? static_cast<int64_t>(0 - uint64_t(x)) : x; });
  });
  table.add<ReluOp>([](ReluOp op, Operands in) {
    return evalUnary(
        op, in, [](double x) { return std::isnan(x) ? x : std::max(x, 0.0); },
        [](int64_t x) { return std::max<int64_t>(x, 0); });
  });
  table.add<ExpOp>([](ExpOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::exp(x); });
  });
  table.add<LogOp>([](LogOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::log(x); });
  });
  table.add<SqrtOp>([](SqrtOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::sqrt(x); });
  });
  table.add<RsqrtOp>([](RsqrtOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return 1.0 / std::sqrt(x); });
  });
  table.add<TanhOp>([](TanhOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::tanh(x); });
  });
  table.add<SigmoidOp>([](SigmoidOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return 1.0 / (1.0 + std::exp(-x)); });
  });
  table.add<ErfOp>([](ErfOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::erf(x); });
  });
  table.add<SinOp>([](SinOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::sin(x); });
  });
  table.add<CosOp>([](CosOp op, Operands in) {
    return evalUnary(op, in, [](double x) { return std::cos(x); });
  });
  table.add<GeluOp>([](GeluOp op, Operands in) {
    return evalUnary(op, in,
                     op.getApproximate() == GeluApproximation::Tanh ? geluTanh
                                                                    : geluErf);
  });
  table.add<StopGradientOp>(
      [](StopGradientOp, Operands in) -> absl::StatusOr<RefValue> {
        return *in[0];
      });
  table.add<CompareOp>(evalCompare);
  table.add<SelectOp>(evalSelect);
  table.add<CastOp>(evalCast);
}

} // namespace tgc::reference
