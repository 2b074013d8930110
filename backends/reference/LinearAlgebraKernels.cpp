//===- LinearAlgebraKernels.cpp - reference evaluation of tg.matmul -------===//

#include "backends/reference/Kernels.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {

RefValue matmul(const RefValue &a, const RefValue &b, bool transposeA,
                bool transposeB, RankedTensorType resultType) {
  RefValue out = RefValue::zeros(resultType);
  ArrayRef<int64_t> outShape = out.shape();
  int64_t rank = outShape.size();
  int64_t m = outShape[rank - 2], n = outShape[rank - 1];
  int64_t aRows = a.shape()[a.shape().size() - 2], aCols = a.shape().back();
  int64_t bRows = b.shape()[b.shape().size() - 2], bCols = b.shape().back();
  int64_t k = transposeA ? aRows : aCols;

  // Each output matrix reads the A and B matrices its batch index
  // broadcasts from.
  ArrayRef<int64_t> batchShape = outShape.drop_back(2);
  std::vector<int64_t> aBatch =
      broadcastIndexMap(a.shape().drop_back(2), batchShape);
  std::vector<int64_t> bBatch =
      broadcastIndexMap(b.shape().drop_back(2), batchShape);
  bool isFloat = out.isFloat();
  for (int64_t batch = 0; batch < numElements(batchShape); ++batch) {
    int64_t aBase = aBatch[batch] * aRows * aCols;
    int64_t bBase = bBatch[batch] * bRows * bCols;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sumF = 0;
        int64_t sumI = 0;
        for (int64_t p = 0; p < k; ++p) {
          int64_t ai = aBase + (transposeA ? p * aCols + i : i * aCols + p);
          int64_t bi = bBase + (transposeB ? j * bCols + p : p * bCols + j);
          if (isFloat)
            sumF += a.floats[ai] * b.floats[bi];
          else
            sumI = static_cast<int64_t>(uint64_t(sumI) +
                                        uint64_t(a.ints[ai]) * uint64_t(b.ints[bi]));
        }
        int64_t o = (batch * m + i) * n + j;
        if (isFloat)
          out.floats[o] = sumF;
        else
          out.ints[o] = wrapInteger(sumI, out.type.getElementType());
      }
    }
  }
  return out;
}

namespace {

absl::StatusOr<RefValue> evalMatmul(MatmulOp op, Operands in) {
  return matmul(*in[0], *in[1], op.getTransposeA(), op.getTransposeB(),
                op.getType());
}

} // namespace

void registerLinearAlgebraKernels(KernelTable &table) {
  table.add<MatmulOp>(evalMatmul);
}

} // namespace tgc::reference
