//===- Kernels.h - per-op evaluation functions ------------------*- C++ -*-===//
//
// The reference backend evaluates each tg op with one function, found by the
// op's TypeID (typed dispatch, no op-name strings). The functions are grouped
// by op family, one file per family, each with a register*Kernels function.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_REFERENCE_KERNELS_H
#define TGC_BACKENDS_REFERENCE_KERNELS_H

#include "backends/reference/RefValue.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/TypeID.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <string>

namespace tgc::reference {

using Operands = llvm::ArrayRef<const RefValue *>;

/// Evaluates one op on its operand values, giving its results in order.
using Kernel = std::function<absl::StatusOr<std::vector<RefValue>>(
    mlir::Operation *, Operands)>;

class KernelTable {
public:
  /// Registers `fn` as the evaluation of every op of class OpT, which has
  /// one result.
  template <typename OpT>
  void add(std::function<absl::StatusOr<RefValue>(OpT, Operands)> fn) {
    kernels_[mlir::TypeID::get<OpT>()] =
        [fn](mlir::Operation *op,
             Operands in) -> absl::StatusOr<std::vector<RefValue>> {
      absl::StatusOr<RefValue> result = fn(mlir::cast<OpT>(op), in);
      if (!result.ok())
        return result.status();
      return std::vector<RefValue>{std::move(*result)};
    };
  }

  /// Registers `fn` for an op class with several results (tg.lstm).
  template <typename OpT>
  void addMulti(
      std::function<absl::StatusOr<std::vector<RefValue>>(OpT, Operands)> fn) {
    kernels_[mlir::TypeID::get<OpT>()] = [fn](mlir::Operation *op,
                                              Operands in) {
      return fn(mlir::cast<OpT>(op), in);
    };
  }

  /// The kernel for `op`, or nullptr when the reference backend has none.
  const Kernel *lookup(mlir::Operation *op) const;

private:
  llvm::DenseMap<mlir::TypeID, Kernel> kernels_;
};

void registerElementwiseKernels(KernelTable &table);
void registerLinearAlgebraKernels(KernelTable &table);
void registerReductionKernels(KernelTable &table);
void registerNormalizationKernels(KernelTable &table);
void registerShapeKernels(KernelTable &table);
void registerRandomKernels(KernelTable &table);
void registerLossKernels(KernelTable &table);
void registerRnnKernels(KernelTable &table);

void registerFusedKernels(KernelTable &table);
void registerElementwiseRegionKernels(KernelTable &table);

//===----------------------------------------------------------------------===//
// Evaluations shared by an op and the fused ops that contain it, so a fused
// op computes exactly what its unfused spelling computes.
//===----------------------------------------------------------------------===//

/// tg.matmul of `a` and `b` into a value of `resultType`.
RefValue matmul(const RefValue &a, const RefValue &b, bool transposeA,
                bool transposeB, mlir::RankedTensorType resultType);
/// tg.softmax (or tg.log_softmax) along `axis`.
RefValue softmax(const RefValue &x, int64_t axis, bool logarithm);
/// tg.layer_norm; `scale` and `bias` may be null.
RefValue layerNorm(const RefValue &x, const RefValue *scale,
                   const RefValue *bias, int64_t axis, double epsilon);
/// tg.argmax (`largest`) or tg.argmin along `axis`: the index of the first
/// largest (smallest) element; the first NaN wins, as in NumPy and PyTorch.
RefValue argReduce(const RefValue &x, int64_t axis, bool largest,
                   mlir::RankedTensorType resultType);
/// The two forms of tg.gelu.
double geluErf(double x);
double geluTanh(double x);

/// "file:line:col: 'tg.op' op " — the prefix of an evaluation error, in the
/// style of MLIR diagnostics, so errors name the op and its source location.
std::string opContext(mlir::Operation *op);

/// An evaluation error for `op`: invalid data that the verifier cannot see
/// (an index out of range, an integer division by zero).
absl::Status evaluationError(mlir::Operation *op, const std::string &message);

//===----------------------------------------------------------------------===//
// Index helpers shared by the kernel files
//===----------------------------------------------------------------------===//

/// For each linear index of `outShape`, the linear index of the element of
/// an operand of shape `inShape` that NumPy broadcasting reads there.
std::vector<int64_t> broadcastIndexMap(llvm::ArrayRef<int64_t> inShape,
                                       llvm::ArrayRef<int64_t> outShape);

/// The multi-index of linear index `linear` in `shape`.
llvm::SmallVector<int64_t> unravel(int64_t linear,
                                   llvm::ArrayRef<int64_t> shape);

/// Splits `shape` around `axis` into (outer, size of axis, inner) for loops
/// over slices along that axis: element (o, j, i) is at (o * n + j) * inner + i.
struct AxisSplit {
  int64_t outer, n, inner;
};
AxisSplit splitAt(llvm::ArrayRef<int64_t> shape, int64_t axis);

} // namespace tgc::reference

#endif // TGC_BACKENDS_REFERENCE_KERNELS_H
