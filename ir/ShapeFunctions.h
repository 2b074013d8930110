//===- ShapeFunctions.h - shape rules shared by tg ops ----------*- C++ -*-===//
//
// Pure functions on static shapes. The verifiers, result-type inference and
// the reference backend all use these, so a shape rule is written once.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_SHAPEFUNCTIONS_H
#define TGC_IR_SHAPEFUNCTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace tgc::tg {

/// The NumPy broadcast of two shapes: aligned at the last dimension, each
/// pair equal or one of them 1. std::nullopt when they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Maps an axis in [-rank, rank) to [0, rank); std::nullopt outside.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The number of elements of a shape (1 for rank 0).
int64_t numElements(llvm::ArrayRef<int64_t> shape);

/// Row-major strides of a shape, in elements.
llvm::SmallVector<int64_t> rowMajorStrides(llvm::ArrayRef<int64_t> shape);

} // namespace tgc::tg

#endif // TGC_IR_SHAPEFUNCTIONS_H
