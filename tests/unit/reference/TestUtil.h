//===- TestUtil.h - Shared helpers for the reference backend tests -*- C++ -*-===//
//
// A fixture that parses tg IR text and evaluates its function on the
// reference backend, plus helpers to build host tensors, read results and
// measure relative error. Expected values in the tests never come from
// backend code: they are written by hand or computed by plain loops.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_TESTS_UNIT_REFERENCE_TESTUTIL_H
#define TGC_TESTS_UNIT_REFERENCE_TESTUTIL_H

#include "backends/reference/ReferenceBackend.h"
#include "ir/TgDialect.h"
#include "runtime/DType.h"
#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tgc::reference::testing {

/// Copies `values` into a new owned tensor of `dtype` and `shape`.
template <typename T>
Tensor makeTensor(DType dtype, const std::vector<T> &values,
                  std::vector<int64_t> shape) {
  Tensor t = Tensor::allocate(dtype, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.numElements())
      << "test data does not fill " << t.typeString();
  std::memcpy(t.data(), values.data(),
              std::min(t.byteSize(), values.size() * sizeof(T)));
  return t;
}

inline Tensor f32(const std::vector<float> &v, std::vector<int64_t> shape) {
  return makeTensor(DType::F32, v, std::move(shape));
}
inline Tensor f64(const std::vector<double> &v, std::vector<int64_t> shape) {
  return makeTensor(DType::F64, v, std::move(shape));
}
inline Tensor i64(const std::vector<int64_t> &v, std::vector<int64_t> shape) {
  return makeTensor(DType::I64, v, std::move(shape));
}
inline Tensor i32(const std::vector<int32_t> &v, std::vector<int64_t> shape) {
  return makeTensor(DType::I32, v, std::move(shape));
}
/// An i1 tensor from 0/1 values (stored one byte each).
inline Tensor i1(const std::vector<int> &v, std::vector<int64_t> shape) {
  std::vector<uint8_t> bytes(v.begin(), v.end());
  return makeTensor(DType::I1, bytes, std::move(shape));
}

/// The elements of `t`, which must have element type T.
template <typename T> std::vector<T> elements(const Tensor &t) {
  const T *p = t.dataAs<T>();
  return std::vector<T>(p, p + t.numElements());
}

/// `n` seeded values uniform in [lo, hi), rounded to f32 so that the same
/// numbers can be fed as f32 tensors and used exactly in double math.
inline std::vector<float> randomFloats(size_t n, unsigned seed, float lo = -1.0f,
                                       float hi = 1.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(gen);
  return v;
}

inline std::vector<double> widen(const std::vector<float> &v) {
  return std::vector<double>(v.begin(), v.end());
}

/// ||a - b|| / ||b|| (Euclidean norms); ||a - b|| when b is all zeros.
inline double relativeError(const std::vector<double> &a,
                            const std::vector<double> &b) {
  EXPECT_EQ(a.size(), b.size());
  double diff = 0, norm = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    norm += b[i] * b[i];
  }
  return norm == 0 ? std::sqrt(diff) : std::sqrt(diff / norm);
}

/// Parses tg IR and evaluates its first function on the reference backend.
class ReferenceTest : public ::testing::Test {
protected:
  ReferenceTest() {
    context_.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
  }

  /// The parsed and verified module, or null after failing the test with the
  /// diagnostics.
  mlir::OwningOpRef<mlir::ModuleOp> parse(std::string_view mlirText) {
    std::string diagnostics;
    mlir::ScopedDiagnosticHandler handler(
        &context_, [&](mlir::Diagnostic &diag) {
          diagnostics += diag.str() + "\n";
          return mlir::success();
        });
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(
            llvm::StringRef(mlirText.data(), mlirText.size()), &context_);
    if (!module)
      ADD_FAILURE() << "IR does not parse or verify:\n"
                    << diagnostics << "in:\n"
                    << mlirText;
    return module;
  }

  /// The first func.func of `module`.
  static mlir::func::FuncOp firstFunction(mlir::ModuleOp module) {
    auto fns = module.getOps<mlir::func::FuncOp>();
    return fns.empty() ? mlir::func::FuncOp() : *fns.begin();
  }

  /// evaluateInFloat64 on the first function of `mlirText`.
  absl::StatusOr<std::vector<RefValue>>
  tryRun64(std::string_view mlirText, const std::vector<Tensor> &args) {
    mlir::OwningOpRef<mlir::ModuleOp> module = parse(mlirText);
    if (!module || !firstFunction(*module))
      return absl::InvalidArgumentError("test IR has no function");
    return evaluateInFloat64(firstFunction(*module), args);
  }

  /// evaluate (results cast to declared types) on the first function.
  absl::StatusOr<std::vector<Tensor>> tryRun(std::string_view mlirText,
                                             const std::vector<Tensor> &args) {
    mlir::OwningOpRef<mlir::ModuleOp> module = parse(mlirText);
    if (!module || !firstFunction(*module))
      return absl::InvalidArgumentError("test IR has no function");
    return evaluate(firstFunction(*module), args);
  }

  /// The float64 results; fails the test (and returns none) on an error.
  std::vector<RefValue> run64(std::string_view mlirText,
                              const std::vector<Tensor> &args = {}) {
    absl::StatusOr<std::vector<RefValue>> r = tryRun64(mlirText, args);
    if (!r.ok()) {
      ADD_FAILURE() << "evaluateInFloat64 failed: " << r.status();
      return {};
    }
    return *std::move(r);
  }

  /// The results cast to their declared types; fails the test on an error.
  std::vector<Tensor> run(std::string_view mlirText,
                          const std::vector<Tensor> &args = {}) {
    absl::StatusOr<std::vector<Tensor>> r = tryRun(mlirText, args);
    if (!r.ok()) {
      ADD_FAILURE() << "evaluate failed: " << r.status();
      return {};
    }
    return *std::move(r);
  }

  /// The error `mlirText` gives on `args`; fails the test if it succeeds.
  std::string errorOf(std::string_view mlirText,
                      const std::vector<Tensor> &args = {}) {
    absl::StatusOr<std::vector<Tensor>> r = tryRun(mlirText, args);
    if (r.ok()) {
      ADD_FAILURE() << "expected an evaluation error";
      return "";
    }
    return std::string(r.status().message());
  }

  /// The shape of a float64 result as a std::vector.
  static std::vector<int64_t> shapeOf(const RefValue &v) {
    return std::vector<int64_t>(v.shape().begin(), v.shape().end());
  }

  mlir::MLIRContext context_;
};

/// Expects `got` within `relTol` of `want` in relative error, and the same
/// number of elements.
#define EXPECT_REL_NEAR(got, want, relTol)                                     \
  do {                                                                         \
    const std::vector<double> &got_ = (got);                                   \
    const std::vector<double> &want_ = (want);                                 \
    ASSERT_EQ(got_.size(), want_.size());                                      \
    EXPECT_LE(::tgc::reference::testing::relativeError(got_, want_), (relTol)); \
  } while (0)

} // namespace tgc::reference::testing

#endif // TGC_TESTS_UNIT_REFERENCE_TESTUTIL_H
