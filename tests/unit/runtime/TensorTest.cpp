//===- TensorTest.cpp - Tests of the host Tensor ---------------------------===//
//
// Ownership, sizes, copy semantics and type formatting.
//
//===----------------------------------------------------------------------===//
#include "runtime/Tensor.h"

#include <gtest/gtest.h>

namespace tgc {
namespace {

TEST(Tensor, AllocateIsZeroedAndOwned) {
  Tensor t = Tensor::allocate(DType::F32, {2, 3});
  EXPECT_TRUE(t.ownsData());
  EXPECT_EQ(t.rank(), 2u);
  EXPECT_EQ(t.numElements(), 6);
  EXPECT_EQ(t.byteSize(), 24u);
  EXPECT_EQ(t.typeString(), "f32[2x3]");
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(t.dataAs<float>()[i], 0.0f);
}

TEST(Tensor, ScalarAndEmpty) {
  Tensor s = Tensor::allocate(DType::I64, {});
  EXPECT_EQ(s.numElements(), 1);
  EXPECT_EQ(s.byteSize(), 8u);
  EXPECT_EQ(s.typeString(), "i64[]");
  EXPECT_EQ(shapeString({}), "scalar");
  EXPECT_EQ(shapeString({4, 0, 2}), "4x0x2");
  Tensor z = Tensor::allocate(DType::BF16, {4, 0});
  EXPECT_EQ(z.numElements(), 0);
  EXPECT_EQ(z.byteSize(), 0u);
  EXPECT_EQ(z.typeString(), "bf16[4x0]");
  Tensor e;
  EXPECT_FALSE(e.ownsData());
  EXPECT_EQ(e.data(), nullptr);
}

TEST(Tensor, CopySharesCloneDeepCopies) {
  Tensor a = Tensor::allocate(DType::I32, {3});
  Tensor b = a;
  Tensor c = a.clone();
  a.dataAs<int32_t>()[1] = 7;
  EXPECT_EQ(b.dataAs<int32_t>()[1], 7);
  EXPECT_EQ(c.dataAs<int32_t>()[1], 0);
  EXPECT_TRUE(c.ownsData());
}

TEST(Tensor, BorrowDoesNotOwn) {
  double buf[4] = {1, 2, 3, 4};
  Tensor t = Tensor::borrow(DType::F64, {2, 2}, buf);
  EXPECT_FALSE(t.ownsData());
  EXPECT_EQ(t.data(), buf);
  const Tensor &ct = t;
  EXPECT_EQ(ct.dataAs<double>()[3], 4.0);
  Tensor c = t.clone();
  EXPECT_TRUE(c.ownsData());
  buf[3] = 9;
  EXPECT_EQ(c.dataAs<double>()[3], 4.0);
}

} // namespace
} // namespace tgc
