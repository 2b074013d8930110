//===- Broadcast.h - NumPy broadcasting for CPU kernels ---------*- C++ -*-===//
//
// Loops over an output in row-major order, with the last dimension as the
// inner loop, and gives each operand's offset: an operand dimension of size
// 1 (or missing) has stride 0. Kernels run the inner loop with the returned
// inner strides (0 or 1), which vectorizes.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_BROADCAST_H
#define TGC_BACKENDS_ONEDNN_KERNELS_BROADCAST_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tgc::onednn {

class BroadcastPlan {
public:
  BroadcastPlan(const std::vector<std::vector<int64_t>> &operandShapes,
                const std::vector<int64_t> &outputShape);

  /// Rows of the output (all but its last dimension) and their length.
  int64_t rows() const { return rows_; }
  int64_t rowLength() const { return rowLength_; }
  /// Offset of operand `i`'s first element used by output row `row`.
  int64_t rowOffset(size_t operand, int64_t row) const;
  /// Stride of operand `i` along the output's last dimension: 0 or 1.
  int64_t innerStride(size_t operand) const { return innerStrides_[operand]; }

private:
  int64_t rows_ = 1, rowLength_ = 1;
  std::vector<int64_t> outerDims_;                // output dims but the last
  std::vector<std::vector<int64_t>> outerStrides_; // per operand, per outer dim
  std::vector<int64_t> innerStrides_;
};

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_BROADCAST_H
