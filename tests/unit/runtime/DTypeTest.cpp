//===- DTypeTest.cpp - Tests of dtype metadata and 16-bit floats ----------===//
//
// Expected bit patterns come from the IEEE 754 / bfloat16 definitions, not
// from the implementation under test.
//
//===----------------------------------------------------------------------===//
#include "runtime/DType.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

namespace tgc {
namespace {

uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

TEST(DType, SizesNamesAndParse) {
  EXPECT_EQ(dtypeSize(DType::F32), 4u);
  EXPECT_EQ(dtypeSize(DType::F16), 2u);
  EXPECT_EQ(dtypeSize(DType::BF16), 2u);
  EXPECT_EQ(dtypeSize(DType::F64), 8u);
  EXPECT_EQ(dtypeSize(DType::I1), 1u);
  EXPECT_EQ(dtypeSize(DType::I32), 4u);
  EXPECT_EQ(dtypeSize(DType::I64), 8u);
  for (DType d : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I1,
                  DType::I32, DType::I64})
    EXPECT_EQ(parseDType(dtypeName(d)), d) << dtypeName(d);
  EXPECT_EQ(dtypeName(DType::BF16), "bf16");
  EXPECT_FALSE(parseDType("f128").has_value());
  EXPECT_FALSE(parseDType("").has_value());
  EXPECT_TRUE(isFloat(DType::BF16));
  EXPECT_TRUE(isFloat(DType::F64));
  EXPECT_FALSE(isFloat(DType::I1));
  EXPECT_FALSE(isFloat(DType::I64));
}

TEST(DType, HalfKnownPatterns) {
  EXPECT_EQ(floatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(floatToHalf(-2.0f), 0xC000);
  EXPECT_EQ(floatToHalf(0.0f), 0x0000);
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(floatToHalf(65504.0f), 0x7BFF);
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -24)), 0x0001); // Smallest subnormal.
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -14)), 0x0400); // Smallest normal.
  EXPECT_EQ(floatToHalf(1.0f / 3.0f), 0x3555);
  // 65520 is the tie between 65504 and 65536 (= inf); RNE picks inf.
  EXPECT_EQ(floatToHalf(65520.0f), 0x7C00);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7BFF);
  // Half the smallest subnormal is a tie with zero (even): 0; above it: 1.
  EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -25)), 0x0000);
  EXPECT_EQ(floatToHalf(std::ldexp(1.5f, -25)), 0x0001);
  // 3 * 2^-25 is a tie between subnormals 1 and 2: even is 2.
  EXPECT_EQ(floatToHalf(std::ldexp(3.0f, -25)), 0x0002);
  // Largest subnormal rounding up into the smallest normal.
  EXPECT_EQ(floatToHalf(std::ldexp(1023.75f, -24)), 0x0400);
  // 1 + 2^-11 is the tie between 1 and 1 + 2^-10: even is 1.
  EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  EXPECT_EQ(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(floatToHalf(-std::numeric_limits<float>::infinity()), 0xFC00);
  EXPECT_EQ(floatToHalf(1e10f), 0x7C00);
  EXPECT_EQ(floatToHalf(1e-10f), 0x0000);
  uint16_t nan = floatToHalf(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x03FF, 0);
  // A signalling NaN whose payload lives only in low bits must not become inf.
  uint32_t snanBits = 0x7F800001u;
  float snan;
  std::memcpy(&snan, &snanBits, sizeof snan);
  EXPECT_NE(floatToHalf(snan) & 0x03FF, 0);
}

TEST(DType, HalfToFloat) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(halfToFloat(0x03FF), std::ldexp(1023.0f, -24));
  EXPECT_EQ(floatBits(halfToFloat(0x8000)), 0x80000000u);
  EXPECT_TRUE(std::isinf(halfToFloat(0x7C00)));
  EXPECT_LT(halfToFloat(0xFC00), 0.0f);
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
  // Every non-NaN half survives a roundtrip through float.
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF))
      continue;
    ASSERT_EQ(floatToHalf(halfToFloat(static_cast<uint16_t>(h))), h) << h;
  }
}

TEST(DType, BF16KnownPatterns) {
  EXPECT_EQ(floatToBF16(1.0f), 0x3F80);
  EXPECT_EQ(floatToBF16(-1.0f), 0xBF80);
  EXPECT_EQ(floatToBF16(1.0f / 3.0f), 0x3EAB); // 0x3EAAAAAB rounds up.
  // 0x3F808000 is a tie between 0x3F80 and 0x3F81: even is 0x3F80;
  // 0x3F818000 ties to 0x3F82.
  auto fromBits = [](uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  };
  EXPECT_EQ(floatToBF16(fromBits(0x3F808000u)), 0x3F80);
  EXPECT_EQ(floatToBF16(fromBits(0x3F818000u)), 0x3F82);
  EXPECT_EQ(floatToBF16(fromBits(0x3F808001u)), 0x3F81);
  // Float max rounds up to infinity.
  EXPECT_EQ(floatToBF16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(floatToBF16(std::numeric_limits<float>::infinity()), 0x7F80);
  // Float subnormals keep their top bits: 2^-133 is bf16's smallest.
  EXPECT_EQ(floatToBF16(std::ldexp(1.0f, -133)), 0x0001);
  EXPECT_EQ(floatToBF16(fromBits(0x00000001u)), 0x0000);
  uint16_t nan = floatToBF16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7F80, 0x7F80);
  EXPECT_NE(nan & 0x007F, 0);
  EXPECT_NE(floatToBF16(fromBits(0xFF800001u)) & 0x007F, 0);
  EXPECT_EQ(floatToBF16(fromBits(0xFF800001u)) & 0x8000, 0x8000);
  EXPECT_EQ(bf16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(bf16ToFloat(0x3EAB), fromBits(0x3EAB0000u));
  EXPECT_TRUE(std::isnan(bf16ToFloat(0x7FC0)));
  for (uint32_t b = 0; b <= 0xFFFF; ++b) {
    if ((b & 0x7F80) == 0x7F80 && (b & 0x7F))
      continue;
    ASSERT_EQ(floatToBF16(bf16ToFloat(static_cast<uint16_t>(b))), b) << b;
  }
}

TEST(DType, DoubleRoundsOnce) {
  // Just above the half tie 1 + 2^-11: the exact value rounds up to
  // 1 + 2^-10 (0x3C01), but via float it first becomes the tie itself
  // (2^-40 is below float's ulp) and then rounds to even, 1.0 (0x3C00).
  double d = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  EXPECT_EQ(floatToHalf(static_cast<float>(d)), 0x3C00);
  EXPECT_EQ(doubleToHalf(d), 0x3C01);
  // The same for bf16 around the tie 1 + 2^-8.
  double b = 1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -40);
  EXPECT_EQ(floatToBF16(static_cast<float>(b)), 0x3F80);
  EXPECT_EQ(doubleToBF16(b), 0x3F81);
  // Below float's range: still rounds correctly into bf16 / half zero.
  EXPECT_EQ(doubleToBF16(1e-300), 0x0000);
  EXPECT_EQ(doubleToBF16(-1e-300), 0x8000);
  EXPECT_EQ(doubleToHalf(1e300), 0x7C00);
  EXPECT_EQ(doubleToBF16(1e300), 0x7F80);
  EXPECT_EQ(doubleToHalf(1.0 / 3.0), 0x3555);
  EXPECT_EQ(doubleToBF16(1.0 / 3.0), 0x3EAB);
  EXPECT_EQ(doubleToHalf(65504.0), 0x7BFF);
  EXPECT_EQ(doubleToHalf(std::ldexp(1.0, -24)), 0x0001);
  EXPECT_EQ(doubleToHalf(std::numeric_limits<double>::infinity()), 0x7C00);
  EXPECT_EQ(doubleToHalf(std::nan("")) & 0x7C00, 0x7C00);
  EXPECT_NE(doubleToHalf(std::nan("")) & 0x03FF, 0);
}

} // namespace
} // namespace tgc
