//===- FusedKernels.cpp - reference evaluation of the fused ops -----------===//
//
// Each fused op is evaluated by composing the evaluations of the ops it
// replaces (Kernels.h), so fusing never changes a reference result.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"

#include <cmath>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

absl::StatusOr<RefValue> evalAttention(AttentionOp op, Operands in) {
  const RefValue &q = *in[0], &k = *in[1], &v = *in[2];
  const RefValue *mask = op.getMask() ? in[3] : nullptr;
  int64_t rank = q.shape().size();
  int64_t lq = q.shape()[rank - 2], lk = k.shape()[rank - 2];
  SmallVector<int64_t> scoresShape(q.shape().drop_back(2));
  scoresShape.append({lq, lk});
  RefValue scores = matmul(q, k, /*transposeA=*/false, /*transposeB=*/true,
                           RankedTensorType::get(scoresShape, q.type.getElementType()));
  double scale = op.getScale().convertToDouble();
  std::vector<int64_t> maskMap;
  if (mask)
    maskMap = broadcastIndexMap(mask->shape(), scoresShape);
  for (int64_t s = 0; s < scores.size(); ++s) {
    double x = scores.floats[s] * scale;
    int64_t i = (s / lk) % lq, j = s % lk;
    if (op.getCausal() && j > i)
      x = -INFINITY;
    if (mask && mask->isFloat())
      x += mask->floats[maskMap[s]];
    else if (mask && mask->ints[maskMap[s]] == 0)
      x = -INFINITY;
    scores.floats[s] = x;
  }
  RefValue probs = softmax(scores, -1, /*logarithm=*/false);
  return matmul(probs, v, false, false, op.getType());
}

absl::StatusOr<std::vector<RefValue>> evalAddLayerNorm(AddLayerNormOp op,
                                                       Operands in) {
  RefValue sum = *in[0];
  for (int64_t i = 0; i < sum.size(); ++i)
    sum.floats[i] += in[1]->floats[i];
  // Optional operands follow in order: scale, then bias.
  const RefValue *scale = op.getScale() ? in[2] : nullptr;
  const RefValue *bias = op.getBias() ? in[op.getScale() ? 3 : 2] : nullptr;
  RefValue normalized = layerNorm(sum, scale, bias, op.getAxis(),
                                  op.getEpsilon().convertToDouble());
  return std::vector<RefValue>{std::move(normalized), std::move(sum)};
}

absl::StatusOr<RefValue> evalFusedMatmul(FusedMatmulOp op, Operands in) {
  RefValue out = matmul(*in[0], *in[1], op.getTransposeA(), op.getTransposeB(),
                        op.getType());
  if (op.getBias()) {
    const RefValue &bias = *in[2];
    std::vector<int64_t> map = broadcastIndexMap(bias.shape(), out.shape());
    for (int64_t i = 0; i < out.size(); ++i) {
      if (out.isFloat())
        out.floats[i] += bias.floats[map[i]];
      else
        out.ints[i] = wrapInteger(
            static_cast<int64_t>(uint64_t(out.ints[i]) + uint64_t(bias.ints[map[i]])),
            out.type.getElementType());
    }
  }
  for (int64_t i = 0; i < out.size(); ++i) {
    switch (op.getActivation()) {
    case Activation::None:
      break;
    case Activation::Relu:
      if (out.isFloat())
        out.floats[i] = std::isnan(out.floats[i]) ? out.floats[i]
                                                  : std::max(out.floats[i], 0.0);
      else
        out.ints[i] = std::max<int64_t>(out.ints[i], 0);
      break;
    case Activation::GeluErf:
      out.floats[i] = geluErf(out.floats[i]);
      break;
    case Activation::GeluTanh:
      out.floats[i] = geluTanh(out.floats[i]);
      break;
    }
  }
  return out;
}

/// argmin over k of (||z_n||² − 2·z_n·e_k) + ||e_k||², each term as the
/// unfused ops compute it (sums in order from 0, the matmul's dot products).
absl::StatusOr<RefValue> evalNearestCodeword(NearestCodewordOp op, Operands in) {
  const RefValue &z = *in[0], &e = *in[1];
  int64_t n = z.shape()[0], d = z.shape()[1], k = e.shape()[0];
  auto squaredNorms = [d](const RefValue &x) {
    std::vector<double> norms(x.shape()[0], 0.0);
    for (size_t r = 0; r < norms.size(); ++r)
      for (int64_t c = 0; c < d; ++c)
        norms[r] += x.floats[r * d + c] * x.floats[r * d + c];
    return norms;
  };
  std::vector<double> zNorms = squaredNorms(z), eNorms = squaredNorms(e);
  RefValue distances = matmul(z, e, /*transposeA=*/false, /*transposeB=*/true,
                              RankedTensorType::get({n, k}, z.type.getElementType()));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j) {
      double &x = distances.floats[i * k + j];
      x = (zNorms[i] - 2.0 * x) + eNorms[j];
    }
  return argReduce(distances, 1, /*largest=*/false,
                   cast<RankedTensorType>(op.getType()));
}

} // namespace

void registerFusedKernels(KernelTable &table) {
  table.add<AttentionOp>(evalAttention);
  table.addMulti<AddLayerNormOp>(evalAddLayerNorm);
  table.add<FusedMatmulOp>(evalFusedMatmul);
  table.add<NearestCodewordOp>(evalNearestCodeword);
}

} // namespace tgc::reference
