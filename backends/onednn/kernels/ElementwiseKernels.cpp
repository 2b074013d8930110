//===- ElementwiseKernels.cpp - elementwise CPU kernels -------------------===//

#include "backends/onednn/kernels/ElementwiseKernels.h"

#include "backends/onednn/kernels/Broadcast.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tgc::onednn {
namespace {

template <typename T> T applyUnary(UnaryFn fn, T x) {
  switch (fn) {
  case UnaryFn::Neg: return -x;
  case UnaryFn::Abs: return x < 0 ? -x : x;
  case UnaryFn::Relu: return x > 0 ? x : (x != x ? x : T(0));
  case UnaryFn::Copy: return x;
  default: break;
  }
  if constexpr (std::is_floating_point_v<T>) {
    switch (fn) {
    case UnaryFn::Exp: return std::exp(x);
    case UnaryFn::Log: return std::log(x);
    case UnaryFn::Sqrt: return std::sqrt(x);
    case UnaryFn::Rsqrt: return T(1) / std::sqrt(x);
    case UnaryFn::Tanh: return std::tanh(x);
    case UnaryFn::Sigmoid: return T(1) / (T(1) + std::exp(-x));
    case UnaryFn::Erf: return std::erf(x);
    case UnaryFn::Sin: return std::sin(x);
    case UnaryFn::Cos: return std::cos(x);
    case UnaryFn::GeluErf:
      return T(0.5) * x * (T(1) + std::erf(x * T(0.70710678118654752440)));
    case UnaryFn::GeluTanh:
      return T(0.5) * x *
             (T(1) + std::tanh(T(0.79788456080286535588) *
                               (x + T(0.044715) * x * x * x)));
    default: break;
    }
  }
  return x;
}

template <typename T> class UnaryKernel : public Kernel {
public:
  explicit UnaryKernel(UnaryFn fn) : fn_(fn) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *x = in[0].as<T>();
    T *y = out[0].as<T>();
    int64_t n = out[0].numElements();
    UnaryFn fn = fn_;
#pragma omp parallel for simd schedule(static) if (n > 16384)
    for (int64_t i = 0; i < n; ++i)
      y[i] = applyUnary(fn, x[i]);
    return absl::OkStatus();
  }

private:
  UnaryFn fn_;
};

template <typename T> T applyBinary(BinaryFn fn, T a, T b) {
  switch (fn) {
  case BinaryFn::Add: return a + b;
  case BinaryFn::Sub: return a - b;
  case BinaryFn::Mul: return a * b;
  case BinaryFn::Div: return a / b;
  case BinaryFn::Max:
    if constexpr (std::is_floating_point_v<T>)
      if (a != a || b != b)
        return std::numeric_limits<T>::quiet_NaN();
    return a > b ? a : b;
  case BinaryFn::Min:
    if constexpr (std::is_floating_point_v<T>)
      if (a != a || b != b)
        return std::numeric_limits<T>::quiet_NaN();
    return a < b ? a : b;
  case BinaryFn::Pow:
    if constexpr (std::is_floating_point_v<T>)
      return std::pow(a, b);
    return a;
  }
  return a;
}

/// Runs `body(row, outRow)` over the output rows of a broadcast plan.
template <typename Body>
void forEachRow(const BroadcastPlan &plan, Body body) {
  int64_t rows = plan.rows();
#pragma omp parallel for schedule(static) if (rows * plan.rowLength() > 16384)
  for (int64_t r = 0; r < rows; ++r)
    body(r);
}

template <typename T> class BinaryKernel : public Kernel {
public:
  BinaryKernel(BinaryFn fn, BroadcastPlan plan) : fn_(fn), plan_(std::move(plan)) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *a = in[0].as<T>(), *b = in[1].as<T>();
    T *c = out[0].as<T>();
    int64_t len = plan_.rowLength();
    int64_t sa = plan_.innerStride(0), sb = plan_.innerStride(1);
    if constexpr (std::is_integral_v<T>) {
      if (fn_ == BinaryFn::Div) {
        // Integer division by zero is an error, as in the reference.
        int64_t n = in[1].numElements();
        for (int64_t i = 0; i < n; ++i)
          if (b[i] == 0)
            return absl::InvalidArgumentError("integer division by zero");
      }
    }
    BinaryFn fn = fn_;
    forEachRow(plan_, [&](int64_t r) {
      const T *ar = a + plan_.rowOffset(0, r);
      const T *br = b + plan_.rowOffset(1, r);
      T *cr = c + r * len;
      if (sa == 1 && sb == 1) {
#pragma omp simd
        for (int64_t i = 0; i < len; ++i)
          cr[i] = applyBinary(fn, ar[i], br[i]);
      } else {
        for (int64_t i = 0; i < len; ++i)
          cr[i] = applyBinary(fn, ar[i * sa], br[i * sb]);
      }
    });
    return absl::OkStatus();
  }

private:
  BinaryFn fn_;
  BroadcastPlan plan_;
};

template <typename T> bool applyCompare(CompareFn fn, T a, T b) {
  switch (fn) {
  case CompareFn::Eq: return a == b;
  case CompareFn::Ne: return a != b;
  case CompareFn::Lt: return a < b;
  case CompareFn::Le: return a <= b;
  case CompareFn::Gt: return a > b;
  case CompareFn::Ge: return a >= b;
  }
  return false;
}

template <typename T> class CompareKernel : public Kernel {
public:
  CompareKernel(CompareFn fn, BroadcastPlan plan) : fn_(fn), plan_(std::move(plan)) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *a = in[0].as<T>(), *b = in[1].as<T>();
    uint8_t *c = out[0].as<uint8_t>();
    int64_t len = plan_.rowLength();
    int64_t sa = plan_.innerStride(0), sb = plan_.innerStride(1);
    forEachRow(plan_, [&](int64_t r) {
      const T *ar = a + plan_.rowOffset(0, r);
      const T *br = b + plan_.rowOffset(1, r);
      for (int64_t i = 0; i < len; ++i)
        c[r * len + i] = applyCompare(fn_, ar[i * sa], br[i * sb]);
    });
    return absl::OkStatus();
  }

private:
  CompareFn fn_;
  BroadcastPlan plan_;
};

template <typename T> class SelectKernel : public Kernel {
public:
  explicit SelectKernel(BroadcastPlan plan) : plan_(std::move(plan)) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const uint8_t *c = in[0].as<uint8_t>();
    const T *t = in[1].as<T>(), *f = in[2].as<T>();
    T *y = out[0].as<T>();
    int64_t len = plan_.rowLength();
    int64_t sc = plan_.innerStride(0), st = plan_.innerStride(1),
            sf = plan_.innerStride(2);
    forEachRow(plan_, [&](int64_t r) {
      const uint8_t *cr = c + plan_.rowOffset(0, r);
      const T *tr = t + plan_.rowOffset(1, r);
      const T *fr = f + plan_.rowOffset(2, r);
      for (int64_t i = 0; i < len; ++i)
        y[r * len + i] = cr[i * sc] ? tr[i * st] : fr[i * sf];
    });
    return absl::OkStatus();
  }

private:
  BroadcastPlan plan_;
};

class CastKernel : public Kernel {
public:
  CastKernel(DType from, DType to) : from_(from), to_(to) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const TensorView &x = in[0], &y = out[0];
    int64_t n = y.numElements();
    for (int64_t i = 0; i < n; ++i) {
      if (!isFloat(from_) && !isFloat(to_)) {
        int64_t v = from_ == DType::I64   ? x.as<int64_t>()[i]
                    : from_ == DType::I32 ? x.as<int32_t>()[i]
                                          : x.as<uint8_t>()[i];
        if (to_ == DType::I1)
          y.as<uint8_t>()[i] = v != 0;
        else if (to_ == DType::I32)
          y.as<int32_t>()[i] = static_cast<int32_t>(static_cast<uint32_t>(v));
        else
          y.as<int64_t>()[i] = v;
        continue;
      }
      double v = loadAsDouble(x.dtype, x.data, i);
      switch (to_) {
      case DType::F32:
        // Integers round once, straight to f32 (as the reference does).
        y.as<float>()[i] = from_ == DType::I64
                               ? static_cast<float>(x.as<int64_t>()[i])
                               : static_cast<float>(v);
        break;
      case DType::F64: y.as<double>()[i] = v; break;
      case DType::F16: y.as<uint16_t>()[i] = doubleToHalf(v); break;
      case DType::BF16: y.as<uint16_t>()[i] = doubleToBF16(v); break;
      case DType::I1: y.as<uint8_t>()[i] = v != 0; break;
      case DType::I32:
      case DType::I64: {
        double t = std::trunc(v);
        double limit = to_ == DType::I32 ? 2147483648.0 : 9223372036854775808.0;
        if (std::isnan(t) || t < -limit || t >= limit)
          return absl::InvalidArgumentError(
              absl::StrCat("cannot cast ", v, " (element ", i, ") to ",
                           dtypeName(to_) == "i32" ? "i32" : "i64"));
        if (to_ == DType::I32)
          y.as<int32_t>()[i] = static_cast<int32_t>(t);
        else
          y.as<int64_t>()[i] = static_cast<int64_t>(t);
        break;
      }
      }
    }
    return absl::OkStatus();
  }

private:
  DType from_, to_;
};

/// `d[j] = f(a[j], ...)` over a row; `Fn` is a compile-time constant so
/// the switch inside applyUnary / applyBinary / applyCompare folds away and
/// the loop vectorizes.
template <UnaryFn Fn> void unaryRow(double *d, const double *a, int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j)
    d[j] = applyUnary(Fn, a[j]);
}
template <BinaryFn Fn>
void binaryRow(double *d, const double *a, const double *b, int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j)
    d[j] = applyBinary(Fn, a[j], b[j]);
}
template <CompareFn Fn>
void compareRow(double *d, const double *a, const double *b, int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j)
    d[j] = applyCompare(Fn, a[j], b[j]) ? 1.0 : 0.0;
}

void executeUnary(UnaryFn fn, double *d, const double *a, int64_t n) {
  switch (fn) {
#define TGC_UNARY(F) case UnaryFn::F: return unaryRow<UnaryFn::F>(d, a, n);
    TGC_UNARY(Neg) TGC_UNARY(Abs) TGC_UNARY(Exp) TGC_UNARY(Log) TGC_UNARY(Sqrt)
    TGC_UNARY(Rsqrt) TGC_UNARY(Tanh) TGC_UNARY(Sigmoid) TGC_UNARY(Relu)
    TGC_UNARY(Erf) TGC_UNARY(Sin) TGC_UNARY(Cos) TGC_UNARY(GeluErf)
    TGC_UNARY(GeluTanh) TGC_UNARY(Copy)
#undef TGC_UNARY
  }
}
void executeBinary(BinaryFn fn, double *d, const double *a, const double *b, int64_t n) {
  switch (fn) {
#define TGC_BINARY(F) case BinaryFn::F: return binaryRow<BinaryFn::F>(d, a, b, n);
    TGC_BINARY(Add) TGC_BINARY(Sub) TGC_BINARY(Mul) TGC_BINARY(Div)
    TGC_BINARY(Max) TGC_BINARY(Min) TGC_BINARY(Pow)
#undef TGC_BINARY
  }
}
void executeCompare(CompareFn fn, double *d, const double *a, const double *b, int64_t n) {
  switch (fn) {
#define TGC_COMPARE(F) case CompareFn::F: return compareRow<CompareFn::F>(d, a, b, n);
    TGC_COMPARE(Eq) TGC_COMPARE(Ne) TGC_COMPARE(Lt) TGC_COMPARE(Le) TGC_COMPARE(Gt)
    TGC_COMPARE(Ge)
#undef TGC_COMPARE
  }
}

/// Evaluates the body in double, a row of the output at a time: every
/// register holds one row, so each instruction is one vectorized loop.
/// Constants are filled once per thread, and inputs broadcast along the
/// row (inner stride 0) once per row.
class FusedElementwiseKernel : public Kernel {
public:
  explicit FusedElementwiseKernel(ElementwiseProgram program)
      : program_(std::move(program)), plan_(program_.inputShapes, program_.outShape) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    using Kind = ElementwiseInstruction::Kind;
    int64_t len = plan_.rowLength();
    size_t numInputs = program_.inputShapes.size();
    size_t numRegisters = numInputs + program_.instructions.size();
#pragma omp parallel if (plan_.rows() * len > 16384)
    {
      std::vector<std::vector<double>> regs(numRegisters, std::vector<double>(len));
      for (size_t k = 0; k < program_.instructions.size(); ++k)
        if (program_.instructions[k].kind == Kind::Constant)
          std::fill(regs[numInputs + k].begin(), regs[numInputs + k].end(),
                    program_.instructions[k].constant);
#pragma omp for schedule(static)
      for (int64_t r = 0; r < plan_.rows(); ++r) {
        for (size_t i = 0; i < numInputs; ++i)
          loadRow(in[i], i, r, regs[i].data(), len);
        for (size_t k = 0; k < program_.instructions.size(); ++k)
          execute(program_.instructions[k], regs, regs[numInputs + k].data(), len);
        const double *result = regs[program_.result].data();
        if (program_.outType == DType::F32) {
          float *o = out[0].as<float>() + r * len;
#pragma omp simd
          for (int64_t j = 0; j < len; ++j)
            o[j] = static_cast<float>(result[j]);
        } else {
          uint8_t *o = out[0].as<uint8_t>() + r * len;
          for (int64_t j = 0; j < len; ++j)
            o[j] = result[j] != 0;
        }
      }
    }
    return absl::OkStatus();
  }

private:
  void loadRow(const TensorView &input, size_t i, int64_t r, double *dst,
               int64_t len) const {
    int64_t base = plan_.rowOffset(i, r), stride = plan_.innerStride(i);
    if (program_.inputTypes[i] != DType::F32) {
      for (int64_t j = 0; j < len; ++j)
        dst[j] = loadAsDouble(input.dtype, input.data, base + j * stride);
      return;
    }
    const float *src = input.as<float>() + base;
    if (stride == 0) {
      std::fill(dst, dst + len, static_cast<double>(src[0]));
      return;
    }
#pragma omp simd
    for (int64_t j = 0; j < len; ++j)
      dst[j] = src[j];
  }

  static void execute(const ElementwiseInstruction &ins,
                      const std::vector<std::vector<double>> &regs, double *d,
                      int64_t len) {
    using Kind = ElementwiseInstruction::Kind;
    const double *a = ins.operands.size() > 0 ? regs[ins.operands[0]].data() : nullptr;
    const double *b = ins.operands.size() > 1 ? regs[ins.operands[1]].data() : nullptr;
    const double *c = ins.operands.size() > 2 ? regs[ins.operands[2]].data() : nullptr;
    switch (ins.kind) {
    case Kind::Unary:
      return executeUnary(ins.unary, d, a, len);
    case Kind::Binary:
      return executeBinary(ins.binary, d, a, b, len);
    case Kind::Compare:
      return executeCompare(ins.compare, d, a, b, len);
    case Kind::Select:
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) d[j] = a[j] != 0 ? b[j] : c[j];
      return;
    case Kind::ToBool:
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) d[j] = a[j] != 0 ? 1.0 : 0.0;
      return;
    case Kind::ToF32:
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) d[j] = static_cast<float>(a[j]);
      return;
    case Kind::Constant:
      return; // filled once per thread
    }
  }

  ElementwiseProgram program_;
  BroadcastPlan plan_;
};

} // namespace

std::unique_ptr<Kernel> makeFusedElementwiseKernel(ElementwiseProgram program) {
  return std::make_unique<FusedElementwiseKernel>(std::move(program));
}

std::unique_ptr<Kernel> makeUnaryKernel(UnaryFn fn, DType dtype) {
  switch (dtype) {
  case DType::F32: return std::make_unique<UnaryKernel<float>>(fn);
  case DType::I32: return std::make_unique<UnaryKernel<int32_t>>(fn);
  case DType::I64: return std::make_unique<UnaryKernel<int64_t>>(fn);
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeBinaryKernel(BinaryFn fn, DType dtype,
                                         std::vector<int64_t> lhsShape,
                                         std::vector<int64_t> rhsShape,
                                         std::vector<int64_t> outShape) {
  BroadcastPlan plan({lhsShape, rhsShape}, outShape);
  switch (dtype) {
  case DType::F32: return std::make_unique<BinaryKernel<float>>(fn, std::move(plan));
  case DType::I32: return std::make_unique<BinaryKernel<int32_t>>(fn, std::move(plan));
  case DType::I64: return std::make_unique<BinaryKernel<int64_t>>(fn, std::move(plan));
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeCompareKernel(CompareFn fn, DType dtype,
                                          std::vector<int64_t> lhsShape,
                                          std::vector<int64_t> rhsShape,
                                          std::vector<int64_t> outShape) {
  BroadcastPlan plan({lhsShape, rhsShape}, outShape);
  switch (dtype) {
  case DType::F32: return std::make_unique<CompareKernel<float>>(fn, std::move(plan));
  case DType::I1: return std::make_unique<CompareKernel<uint8_t>>(fn, std::move(plan));
  case DType::I32: return std::make_unique<CompareKernel<int32_t>>(fn, std::move(plan));
  case DType::I64: return std::make_unique<CompareKernel<int64_t>>(fn, std::move(plan));
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeSelectKernel(DType dtype,
                                         std::vector<std::vector<int64_t>> shapes,
                                         std::vector<int64_t> outShape) {
  BroadcastPlan plan(shapes, outShape);
  switch (dtype) {
  case DType::F32: return std::make_unique<SelectKernel<float>>(std::move(plan));
  case DType::I1: return std::make_unique<SelectKernel<uint8_t>>(std::move(plan));
  case DType::I32: return std::make_unique<SelectKernel<int32_t>>(std::move(plan));
  case DType::I64: return std::make_unique<SelectKernel<int64_t>>(std::move(plan));
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeCastKernel(DType from, DType to) {
  return std::make_unique<CastKernel>(from, to);
}

} // namespace tgc::onednn
