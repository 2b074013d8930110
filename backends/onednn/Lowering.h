//===- Lowering.h - from tg ops to oneDNN backend kernels -------*- C++ -*-===//
//
// Each tg op the backend runs has one lowering: a function from the op to a
// KernelSpec, found by the op's TypeID. Lowerings are grouped by op family,
// one file each (Lower<Family>.cpp), and read everything a kernel needs
// from the op (static shapes, attributes) into the spec's plain fields, so
// kernels themselves need no MLIR and a spec can be stored in a binary.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_LOWERING_H
#define TGC_BACKENDS_ONEDNN_LOWERING_H

#include "backends/onednn/kernels/KernelSpec.h"

#include "absl/status/statusor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/TypeID.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <memory>

namespace tgc::onednn {

using Lowering = std::function<absl::StatusOr<KernelSpec>(mlir::Operation *)>;

class LoweringTable {
public:
  template <typename OpT>
  void add(std::function<absl::StatusOr<KernelSpec>(OpT)> fn) {
    lowerings_[mlir::TypeID::get<OpT>()] = [fn](mlir::Operation *op) {
      return fn(mlir::cast<OpT>(op));
    };
  }
  const Lowering *lookup(mlir::Operation *op) const {
    auto it = lowerings_.find(op->getName().getTypeID());
    return it == lowerings_.end() ? nullptr : &it->second;
  }

private:
  llvm::DenseMap<mlir::TypeID, Lowering> lowerings_;
};

/// The table with every family registered.
const LoweringTable &loweringTable();

void registerElementwiseLowerings(LoweringTable &table);
void registerMatmulLowerings(LoweringTable &table);
void registerNormalizationLowerings(LoweringTable &table);
void registerReductionLowerings(LoweringTable &table);
void registerShapeLowerings(LoweringTable &table);
void registerRandomLowerings(LoweringTable &table);
void registerLossLowerings(LoweringTable &table);
void registerAttentionLowerings(LoweringTable &table);
void registerRnnLowerings(LoweringTable &table);
void registerVqLowerings(LoweringTable &table);

/// The static shape and runtime dtype of a tensor value.
std::vector<int64_t> shapeOf(mlir::Value value);
DType dtypeOf(mlir::Value value);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_LOWERING_H
