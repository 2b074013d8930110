//===- DType.h - Element types of tgc tensors ------------------*- C++ -*-===//
//
// The closed set of element types the runtime understands, their sizes and
// names, and bit-exact conversions to and from the 16-bit float formats
// (which have no native C++ type).
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_DTYPE_H
#define TGC_RUNTIME_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tgc {

/// Element type of a tensor. I1 is a boolean stored as one byte (0 or 1).
enum class DType { F32, F16, BF16, F64, I1, I32, I64 };

/// Size in bytes of one element of \p dtype (I1 is one byte).
size_t dtypeSize(DType dtype);

/// Short lowercase name: "f32", "f16", "bf16", "f64", "i1", "i32", "i64".
std::string_view dtypeName(DType dtype);

/// Inverse of dtypeName; std::nullopt for any other string.
std::optional<DType> parseDType(std::string_view name);

/// True for F32, F16, BF16 and F64.
bool isFloat(DType dtype);

/// IEEE binary16 bits of \p value, rounded to nearest even. Overflow gives
/// infinity, tiny values give (signed) subnormals or zero, NaN stays a quiet
/// NaN with the sign and the top payload bits kept.
uint16_t floatToHalf(float value);

/// The float equal to the binary16 value \p bits (always exact).
float halfToFloat(uint16_t bits);

/// bfloat16 bits of \p value, rounded to nearest even (NaN/Inf/subnormal as
/// for floatToHalf).
uint16_t floatToBF16(float value);

/// The float equal to the bfloat16 value \p bits (always exact).
float bf16ToFloat(uint16_t bits);

/// binary16 bits of \p value rounded once, directly from double. Rounding
/// through float first would round twice and can differ by one ulp.
uint16_t doubleToHalf(double value);

/// bfloat16 bits of \p value rounded once, directly from double.
uint16_t doubleToBF16(double value);

/// Element `index` of an array of `dtype` at `data`, as a double (exact
/// for every dtype but i64 values beyond 2^53).
double loadAsDouble(DType dtype, const void *data, int64_t index);

} // namespace tgc

#endif // TGC_RUNTIME_DTYPE_H
