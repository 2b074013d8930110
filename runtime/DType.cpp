//===- DType.cpp - Element types of tgc tensors ---------------------------===//
//
// dtype metadata and the 16-bit float conversions. All narrowing goes
// through one routine that rounds the exact double value, so float inputs
// (exactly representable in double) are rounded once as well.
//
//===----------------------------------------------------------------------===//
#include "runtime/DType.h"

#include <cstring>

namespace tgc {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I1:
    return 1;
  }
  return 0;
}

std::string_view dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F64:
    return "f64";
  case DType::I1:
    return "i1";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  return "?";
}

std::optional<DType> parseDType(std::string_view name) {
  for (DType d : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I1,
                  DType::I32, DType::I64})
    if (dtypeName(d) == name)
      return d;
  return std::nullopt;
}

bool isFloat(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 ||
         dtype == DType::F64;
}

namespace {

/// Rounds \p value to a binary format with \p expBits exponent bits and
/// \p manBits fraction bits (at most 15 bits in total plus sign), nearest
/// even, and returns its bit pattern.
uint16_t roundDoubleTo(double value, unsigned expBits, unsigned manBits) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const uint32_t sign = static_cast<uint32_t>(bits >> 63) << (expBits + manBits);
  const uint32_t expAllOnes = (1u << expBits) - 1;
  const int64_t exp = static_cast<int64_t>((bits >> 52) & 0x7FF);
  const uint64_t frac = bits & ((uint64_t(1) << 52) - 1);

  if (exp == 0x7FF) {
    if (frac == 0) // Infinity.
      return static_cast<uint16_t>(sign | (expAllOnes << manBits));
    // NaN: keep the top payload bits and force the quiet bit so the result
    // can never collapse into an infinity.
    uint32_t payload = static_cast<uint32_t>(frac >> (52 - manBits));
    payload |= 1u << (manBits - 1);
    return static_cast<uint16_t>(sign | (expAllOnes << manBits) | payload);
  }
  // Double subnormals (< 2^-1022) are far below half the smallest target
  // subnormal for both formats, so they round to zero.
  if (exp == 0)
    return static_cast<uint16_t>(sign);

  const int64_t bias = (int64_t(1) << (expBits - 1)) - 1;
  int64_t targetExp = exp - 1023 + bias;
  if (targetExp >= static_cast<int64_t>(expAllOnes))
    return static_cast<uint16_t>(sign | (expAllOnes << manBits));

  const uint64_t significand = (uint64_t(1) << 52) | frac;
  int64_t shift = 52 - static_cast<int64_t>(manBits);
  if (targetExp <= 0)
    shift += 1 - targetExp; // Subnormal: fewer significant bits survive.
  // With shift >= 54 the value is below half the smallest subnormal.
  if (shift >= 54)
    return static_cast<uint16_t>(sign);

  uint64_t q = significand >> shift;
  const uint64_t rem = significand & ((uint64_t(1) << shift) - 1);
  const uint64_t halfway = uint64_t(1) << (shift - 1);
  if (rem > halfway || (rem == halfway && (q & 1)))
    ++q;

  uint64_t result;
  if (targetExp <= 0) {
    // A carry into bit manBits yields the smallest normal's encoding.
    result = q;
  } else {
    // q holds the implicit bit; a rounding carry bumps the exponent, and
    // bumping into the all-ones exponent correctly encodes infinity.
    result = (static_cast<uint64_t>(targetExp) << manBits) + q -
             (uint64_t(1) << manBits);
  }
  return static_cast<uint16_t>(sign | result);
}

} // namespace

uint16_t doubleToHalf(double value) { return roundDoubleTo(value, 5, 10); }

uint16_t doubleToBF16(double value) { return roundDoubleTo(value, 8, 7); }

uint16_t floatToHalf(float value) {
  return doubleToHalf(static_cast<double>(value));
}

uint16_t floatToBF16(float value) {
  return doubleToBF16(static_cast<double>(value));
}

float halfToFloat(uint16_t bits) {
  const uint32_t sign = static_cast<uint32_t>(bits & 0x8000) << 16;
  const uint32_t exp = (bits >> 10) & 0x1F;
  uint32_t frac = bits & 0x3FF;
  uint32_t out;
  if (exp == 0x1F) {
    out = sign | 0x7F800000u | (frac << 13);
  } else if (exp != 0) {
    out = sign | ((exp + 127 - 15) << 23) | (frac << 13);
  } else if (frac == 0) {
    out = sign;
  } else {
    // Subnormal half: normalize, since every half subnormal is a normal float.
    int32_t e = 127 - 15 + 1;
    while (!(frac & 0x400)) {
      frac <<= 1;
      --e;
    }
    out = sign | (static_cast<uint32_t>(e) << 23) | ((frac & 0x3FF) << 13);
  }
  float f;
  std::memcpy(&f, &out, sizeof f);
  return f;
}

float bf16ToFloat(uint16_t bits) {
  const uint32_t out = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &out, sizeof f);
  return f;
}

double loadAsDouble(DType dtype, const void *data, int64_t index) {
  switch (dtype) {
  case DType::F32: return static_cast<const float *>(data)[index];
  case DType::F64: return static_cast<const double *>(data)[index];
  case DType::F16: return halfToFloat(static_cast<const uint16_t *>(data)[index]);
  case DType::BF16: return bf16ToFloat(static_cast<const uint16_t *>(data)[index]);
  case DType::I1: return static_cast<const uint8_t *>(data)[index];
  case DType::I32: return static_cast<const int32_t *>(data)[index];
  case DType::I64:
    return static_cast<double>(static_cast<const int64_t *>(data)[index]);
  }
  return 0;
}

} // namespace tgc
