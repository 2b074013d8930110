//===- Kernels.cpp - kernel table and helpers shared by kernel files ------===//

#include "backends/reference/Kernels.h"

#include "ir/ShapeFunctions.h"

#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace tgc::reference {

RefValue RefValue::zeros(RankedTensorType type) {
  RefValue v;
  v.type = type;
  if (isa<FloatType>(type.getElementType()))
    v.floats.assign(type.getNumElements(), 0.0);
  else
    v.ints.assign(type.getNumElements(), 0);
  return v;
}

int64_t wrapInteger(int64_t v, Type type) {
  unsigned width = type.getIntOrFloatBitWidth();
  if (width == 1)
    return v != 0;
  if (width == 32)
    return static_cast<int32_t>(static_cast<uint32_t>(v));
  return v;
}

const Kernel *KernelTable::lookup(Operation *op) const {
  auto it = kernels_.find(op->getName().getTypeID());
  return it == kernels_.end() ? nullptr : &it->second;
}

std::string opContext(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto fileLoc = dyn_cast<FileLineColLoc>(op->getLoc()))
    os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine() << ":"
       << fileLoc.getColumn() << ": ";
  else
    os << op->getLoc() << ": ";
  os << "'" << op->getName() << "' op ";
  return text;
}

absl::Status evaluationError(Operation *op, const std::string &message) {
  return absl::InvalidArgumentError(opContext(op) + message);
}

std::vector<int64_t> broadcastIndexMap(ArrayRef<int64_t> inShape,
                                       ArrayRef<int64_t> outShape) {
  SmallVector<int64_t> inStrides = tg::rowMajorStrides(inShape);
  size_t offset = outShape.size() - inShape.size();
  int64_t count = tg::numElements(outShape);
  std::vector<int64_t> map(count);
  for (int64_t linear = 0; linear < count; ++linear) {
    SmallVector<int64_t> index = unravel(linear, outShape);
    int64_t in = 0;
    for (size_t d = 0; d < inShape.size(); ++d)
      if (inShape[d] != 1)
        in += index[d + offset] * inStrides[d];
    map[linear] = in;
  }
  return map;
}

SmallVector<int64_t> unravel(int64_t linear, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> index(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = shape[d] == 0 ? 0 : linear % shape[d];
    linear = shape[d] == 0 ? 0 : linear / shape[d];
  }
  return index;
}

AxisSplit splitAt(ArrayRef<int64_t> shape, int64_t axis) {
  return {tg::numElements(shape.take_front(axis)), shape[axis],
          tg::numElements(shape.drop_front(axis + 1))};
}

} // namespace tgc::reference
