//===- ElementwiseRegionKernels.cpp - reference tg.fused_elementwise ------===//
//
// Evaluates tg.fused_elementwise one result element at a time: the block
// arguments are bound to rank-0 values holding the operands' elements at
// the broadcast index, and each body op is evaluated by the kernel the
// reference backend uses for that op unfused (found through a KernelTable,
// never re-implemented here). So a fused chain computes, in float64, what
// the chain computed before fusion, bit for bit.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

/// The kernels a body may need: the elementwise ops and tg.constant
/// (fused_elementwise_c4). A table of its own, so that evaluating a body
/// does not depend on where the backend keeps its full table.
const KernelTable &bodyKernels() {
  static const KernelTable table = [] {
    KernelTable t;
    registerElementwiseKernels(t);
    registerShapeKernels(t);
    return t;
  }();
  return table;
}

/// A rank-0 value of `type` holding element `index` of `from`.
RefValue elementOf(const RefValue &from, int64_t index, RankedTensorType type) {
  RefValue v = RefValue::zeros(type);
  if (v.isFloat())
    v.floats[0] = from.floats[index];
  else
    v.ints[0] = from.ints[index];
  return v;
}

absl::StatusOr<RefValue> evalFusedElementwise(FusedElementwiseOp op,
                                              Operands in) {
  Block &body = op.getBody().front();
  RefValue out = RefValue::zeros(op.getType());
  std::vector<std::vector<int64_t>> maps;
  for (const RefValue *input : in)
    maps.push_back(broadcastIndexMap(input->shape(), out.shape()));

  for (int64_t k = 0; k < out.size(); ++k) {
    llvm::DenseMap<Value, RefValue> values;
    for (auto [argument, input, map] :
         llvm::zip_equal(body.getArguments(), in, maps))
      values[argument] = elementOf(
          *input, map[k], cast<RankedTensorType>(argument.getType()));
    for (Operation &inner : body.without_terminator()) {
      const Kernel *kernel = bodyKernels().lookup(&inner);
      if (!kernel)
        return evaluationError(&inner, "is not supported in the body of "
                                       "tg.fused_elementwise");
      SmallVector<const RefValue *> operands;
      for (Value v : inner.getOperands())
        operands.push_back(&values.at(v));
      absl::StatusOr<std::vector<RefValue>> results = (*kernel)(&inner, operands);
      if (!results.ok())
        return absl::Status(results.status().code(),
                            opContext(op) + "at element " + std::to_string(k) +
                                " of the result: " +
                                std::string(results.status().message()));
      for (auto [result, value] : llvm::zip_equal(inner.getResults(), *results))
        values[result] = std::move(value);
    }
    // fused_elementwise_c5: the yielded rank-0 value has the result's
    // element type.
    const RefValue &element = values.at(op.getYield().getValue());
    if (out.isFloat())
      out.floats[k] = element.floats[0];
    else
      out.ints[k] = element.ints[0];
  }
  return out;
}

} // namespace

void registerElementwiseRegionKernels(KernelTable &table) {
  table.add<FusedElementwiseOp>(evalFusedElementwise);
}

} // namespace tgc::reference
