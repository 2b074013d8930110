//===- RefValue.h - a tensor as the reference backend holds it --*- C++ -*-===//
//
// The reference backend computes in float64: float elements of every width
// are held as double and never rounded to their declared type in between;
// integer and i1 elements are held exactly as int64_t.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_REFERENCE_REFVALUE_H
#define TGC_BACKENDS_REFERENCE_REFVALUE_H

#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <vector>

namespace tgc::reference {

struct RefValue {
  /// The declared type: shape and element type.
  mlir::RankedTensorType type;
  /// The elements in row-major order; `floats` when the element type is a
  /// float, otherwise `ints`.
  std::vector<double> floats;
  std::vector<int64_t> ints;

  /// A value of `type` with every element zero.
  static RefValue zeros(mlir::RankedTensorType type);

  bool isFloat() const { return mlir::isa<mlir::FloatType>(type.getElementType()); }
  llvm::ArrayRef<int64_t> shape() const { return type.getShape(); }
  int64_t size() const { return type.getNumElements(); }
  /// Element `i` as a double, whatever the element type.
  double asDouble(int64_t i) const { return isFloat() ? floats[i] : double(ints[i]); }
  /// Element `i` as an integer; only for integer and i1 values.
  int64_t asInt(int64_t i) const { return ints[i]; }
};

/// ||got - want|| / ||want||, over `want.size()` elements read as doubles
/// by `got(i)`. NaN positions must agree (a NaN on one side only is an
/// infinite error); any difference from an all-zero reference is infinite.
template <typename Got>
double relativeError(Got got, const RefValue &want) {
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < want.size(); ++i) {
    double x = got(i), y = want.asDouble(i);
    if (x != x || y != y) {
      if ((x != x) != (y != y))
        return __builtin_inf();
      continue;
    }
    diff += (x - y) * (x - y);
    norm += y * y;
  }
  if (norm == 0)
    return diff == 0 ? 0 : __builtin_inf();
  return __builtin_sqrt(diff / norm);
}

inline double relativeError(const RefValue &got, const RefValue &want) {
  return relativeError([&](int64_t i) { return got.asDouble(i); }, want);
}

/// Wraps `v` to the width of the integer type `type` (two's complement), or
/// to 0/1 for i1, as the declared type would hold it.
int64_t wrapInteger(int64_t v, mlir::Type type);

} // namespace tgc::reference

#endif // TGC_BACKENDS_REFERENCE_REFVALUE_H
