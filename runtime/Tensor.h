//===- Tensor.h - Host tensors for the tgc runtime -------------*- C++ -*-===//
//
// A dense, row-major, contiguous host tensor: the currency of model inputs,
// outputs and weights at run time.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_TENSOR_H
#define TGC_RUNTIME_TENSOR_H

#include "runtime/DType.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tgc {

/// Formats a shape as dimensions joined by 'x', e.g. "2x3"; a rank-0 shape
/// gives "scalar" so that it is never printed as an empty string.
std::string shapeString(const std::vector<int64_t> &shape);

/// Number of elements of \p shape (1 for rank 0). Negative dimensions count
/// as zero; readers validate shapes before building tensors.
int64_t shapeNumElements(const std::vector<int64_t> &shape);

/// A host tensor: dtype + row-major contiguous shape + a byte buffer.
///
/// The buffer is either owned (reference counted, zero-initialized on
/// allocation) or borrowed (a caller-managed pointer that is never freed).
/// Copying a Tensor is shallow: copies share the same buffer, like a handle.
/// Use clone() for an independent deep copy.
///
/// Shape dimensions must be non-negative; allocate() treats a negative
/// dimension as zero so that it can never over-read or abort.
class Tensor {
public:
  /// An empty tensor: f32, rank 0, no buffer (data() is null).
  Tensor() = default;

  /// A new zero-filled owned tensor.
  static Tensor allocate(DType dtype, std::vector<int64_t> shape);

  /// A new owned tensor whose bytes are left unset, for a caller that
  /// overwrites all of them at once (as std::make_unique_for_overwrite).
  static Tensor allocateForOverwrite(DType dtype, std::vector<int64_t> shape);

  /// A tensor viewing \p data, which must hold byteSize() bytes and outlive
  /// every copy of the result.
  static Tensor borrow(DType dtype, std::vector<int64_t> shape, void *data);

  /// A deep copy that owns its data (also for a borrowed source).
  Tensor clone() const;

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  size_t rank() const { return shape_.size(); }
  /// Product of the dimensions; 1 for rank 0.
  int64_t numElements() const { return shapeNumElements(shape_); }
  /// numElements() * dtypeSize(dtype()).
  size_t byteSize() const {
    return static_cast<size_t>(numElements()) * dtypeSize(dtype_);
  }

  void *data() { return data_; }
  const void *data() const { return data_; }
  template <typename T> T *dataAs() { return static_cast<T *>(data_); }
  template <typename T> const T *dataAs() const {
    return static_cast<const T *>(data_);
  }

  /// True when the buffer is owned (shared among copies), false when
  /// borrowed or empty.
  bool ownsData() const { return owner_ != nullptr; }

  /// The type as text, e.g. "f32[2x3]"; rank 0 gives "f32[]".
  std::string typeString() const;

private:
  DType dtype_ = DType::F32;
  std::vector<int64_t> shape_;
  std::shared_ptr<uint8_t[]> owner_;
  void *data_ = nullptr;
};

} // namespace tgc

#endif // TGC_RUNTIME_TENSOR_H
