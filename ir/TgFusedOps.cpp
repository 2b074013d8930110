//===- TgFusedOps.cpp - verifiers and type inference of fused ops ---------===//
//
// The fused ops reuse the shape rules of the ops they replace (matmul,
// layer_norm, broadcasting) from TypeInference.h.
//
//===----------------------------------------------------------------------===//

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"
#include "ir/TypeInference.h"

using namespace mlir;
using namespace tgc::tg;

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType q = tensorType(adaptor.getQuery());
  RankedTensorType k = tensorType(adaptor.getKey());
  RankedTensorType v = tensorType(adaptor.getValue());
  // attention_c1
  int64_t rank = q.getRank();
  if (rank < 2 || k.getRank() != rank || v.getRank() != rank ||
      k.getElementType() != q.getElementType() ||
      v.getElementType() != q.getElementType() ||
      q.getShape().drop_back(2) != k.getShape().drop_back(2) ||
      q.getShape().drop_back(2) != v.getShape().drop_back(2))
    return inferenceError(loc, name, "query ", q, ", key ", k, " and value ",
                          v, " need the same rank (>= 2), element type and "
                             "leading dimensions");
  // attention_c2
  int64_t lq = q.getDimSize(rank - 2), d = q.getDimSize(rank - 1);
  int64_t lk = k.getDimSize(rank - 2);
  if (k.getDimSize(rank - 1) != d || v.getDimSize(rank - 2) != lk)
    return inferenceError(loc, name, "query ", q, " and key ", k,
                          " must agree on the last dimension, key and value ",
                          v, " on the second to last");
  SmallVector<int64_t> scoresShape(q.getShape().drop_back(2));
  scoresShape.append({lq, lk});
  // attention_c3
  if (Value mask = adaptor.getMask()) {
    RankedTensorType m = tensorType(mask);
    bool typeOk = m.getElementType().isInteger(1) ||
                  m.getElementType() == q.getElementType();
    std::optional<SmallVector<int64_t>> shape =
        broadcastShapes(m.getShape(), scoresShape);
    if (!typeOk || !shape || ArrayRef<int64_t>(*shape) != ArrayRef<int64_t>(scoresShape))
      return inferenceError(
          loc, name, "mask ", m, " must be i1 or ", q.getElementType(),
          " and broadcast to the scores ",
          RankedTensorType::get(scoresShape, q.getElementType()));
  }
  SmallVector<int64_t> shape(q.getShape().drop_back(1));
  shape.push_back(v.getDimSize(rank - 1));
  inferred.push_back(RankedTensorType::get(shape, q.getElementType()));
  return success();
}

LogicalResult AddLayerNormOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &inferred) {
  // add_layer_norm_c1
  if (adaptor.getInput().getType() != adaptor.getResidual().getType())
    return inferenceError(loc, getOperationName(), "input (",
                          adaptor.getInput().getType(), ") and residual (",
                          adaptor.getResidual().getType(),
                          ") must have the same type");
  // add_layer_norm_c2
  if (failed(inferLayerNormResult(loc, getOperationName(), adaptor.getInput(),
                                  adaptor.getScale(), adaptor.getBias(),
                                  adaptor.getAxis(), adaptor.getEpsilon(),
                                  inferred)))
    return failure();
  inferred.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult FusedMatmulOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  // fused_matmul_c1
  if (failed(inferMatmulResult(loc, getOperationName(), adaptor.getLhs(),
                               adaptor.getRhs(), adaptor.getTransposeA(),
                               adaptor.getTransposeB(), inferred)))
    return failure();
  // fused_matmul_c3
  auto result = cast<RankedTensorType>(inferred.front());
  if (adaptor.getActivation() != Activation::None &&
      adaptor.getActivation() != Activation::Relu &&
      !isa<FloatType>(result.getElementType()))
    return inferenceError(loc, getOperationName(), "activation ",
                          stringifyActivation(adaptor.getActivation()),
                          " needs a float result, got ", result);
  // fused_matmul_c2
  if (Value bias = adaptor.getBias()) {
    RankedTensorType b = tensorType(bias);
    std::optional<SmallVector<int64_t>> shape =
        broadcastShapes(b.getShape(), result.getShape());
    if (b.getElementType() != result.getElementType() || !shape ||
        ArrayRef<int64_t>(*shape) != result.getShape())
      return inferenceError(loc, getOperationName(), "bias ", b,
                            " must broadcast to the matmul result ", result);
  }
  return success();
}

LogicalResult NearestCodewordOp::inferReturnTypes(MLIRContext *context,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &inferred) {
  RankedTensorType z = tensorType(adaptor.getInput());
  RankedTensorType e = tensorType(adaptor.getCodebook());
  // nearest_codeword_c1
  if (z.getRank() != 2 || e.getRank() != 2 ||
      z.getElementType() != e.getElementType() ||
      z.getDimSize(1) != e.getDimSize(1))
    return inferenceError(loc, getOperationName(), "input ", z, " and codebook ",
                          e, " must be rank 2 with the same element type and "
                             "second dimension");
  // nearest_codeword_c2
  if (e.getDimSize(0) == 0)
    return inferenceError(loc, getOperationName(), "codebook ", e,
                          " has no codewords");
  // nearest_codeword_c3
  inferred.push_back(RankedTensorType::get({z.getDimSize(0)},
                                           IntegerType::get(context, 64)));
  return success();
}
