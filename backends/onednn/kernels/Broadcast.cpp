//===- Broadcast.cpp - NumPy broadcasting for CPU kernels -----------------===//

#include "backends/onednn/kernels/Broadcast.h"

namespace tgc::onednn {

BroadcastPlan::BroadcastPlan(const std::vector<std::vector<int64_t>> &operandShapes,
                             const std::vector<int64_t> &outputShape) {
  size_t rank = outputShape.size();
  if (rank > 0) {
    rowLength_ = outputShape.back();
    outerDims_.assign(outputShape.begin(), outputShape.end() - 1);
  }
  for (int64_t d : outerDims_)
    rows_ *= d;
  for (const std::vector<int64_t> &shape : operandShapes) {
    // The operand's row-major strides, aligned to the output's dimensions,
    // with 0 where the operand is broadcast.
    std::vector<int64_t> aligned(rank, 0);
    int64_t stride = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
      size_t d = shape.size() - 1 - i;
      aligned[rank - 1 - i] = shape[d] == 1 ? 0 : stride;
      stride *= shape[d];
    }
    innerStrides_.push_back(rank == 0 ? 0 : aligned.back());
    outerStrides_.emplace_back(aligned.begin(),
                               rank == 0 ? aligned.begin() : aligned.end() - 1);
  }
}

int64_t BroadcastPlan::rowOffset(size_t operand, int64_t row) const {
  int64_t offset = 0;
  const std::vector<int64_t> &strides = outerStrides_[operand];
  for (int64_t d = static_cast<int64_t>(outerDims_.size()) - 1; d >= 0; --d) {
    int64_t index = row % outerDims_[d];
    row /= outerDims_[d];
    offset += index * strides[d];
  }
  return offset;
}

} // namespace tgc::onednn
