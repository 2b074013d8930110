//===- Tensor.cpp - Host tensors for the tgc runtime ----------------------===//
//
// Tensor allocation, copying and type formatting.
//
//===----------------------------------------------------------------------===//
#include "runtime/Tensor.h"

#include "runtime/AbslCompat.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tgc {

std::string shapeString(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  return absl::StrJoin(shape, "x");
}

int64_t shapeNumElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d < 0 ? 0 : d;
  return n;
}

Tensor Tensor::allocate(DType dtype, std::vector<int64_t> shape) {
  Tensor t = allocateForOverwrite(dtype, std::move(shape));
  std::memset(t.data_, 0, t.byteSize());
  return t;
}

Tensor Tensor::allocateForOverwrite(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  // At least one byte so that data() is non-null even for zero-size tensors,
  // which keeps "owned" distinguishable from "empty".
  size_t bytes = t.byteSize();
  t.owner_ = std::shared_ptr<uint8_t[]>(new uint8_t[bytes ? bytes : 1]);
  t.data_ = t.owner_.get();
  return t;
}

Tensor Tensor::borrow(DType dtype, std::vector<int64_t> shape, void *data) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.data_ = data;
  return t;
}

Tensor Tensor::clone() const {
  if (!data_)
    return *this;
  Tensor t = allocate(dtype_, shape_);
  if (byteSize())
    std::memcpy(t.data_, data_, byteSize());
  return t;
}

std::string Tensor::typeString() const {
  return absl::StrCat(toAbsl(dtypeName(dtype_)), "[", absl::StrJoin(shape_, "x"), "]");
}

} // namespace tgc
