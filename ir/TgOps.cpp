//===- TgOps.cpp - tg verifiers and result-type inference -----------------===//
//
// One function per op (or op class) that checks the constraints labelled in
// TgOps.td and computes the result type. Messages name the op, the operand
// and the types involved. Folders live in TgFolders.cpp.
//
//===----------------------------------------------------------------------===//

#include "ir/TgOps.h"

#include "ir/ShapeFunctions.h"
#include "ir/TypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Prefixes diagnostics from type inference the way emitOpError does, since
/// inference runs without an op to report on.
template <typename... Args>
LogicalResult opError(std::optional<Location> loc, StringRef opName,
                      Args &&...args) {
  return emitOptionalError(loc, "'", opName, "' op ",
                           std::forward<Args>(args)...);
}

/// Axes in [-rank, rank), each at most once; normalized into `out`.
LogicalResult normalizeAxes(std::optional<Location> loc, StringRef opName,
                            ArrayRef<int64_t> axes, int64_t rank,
                            llvm::SmallVectorImpl<int64_t> &out) {
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return opError(loc, opName, "axis ", axis, " is out of range for rank ",
                     rank, " (expected [", -rank, ", ", rank, "))");
    if (!seen.insert(*normalized).second)
      return opError(loc, opName, "axis ", axis, " is listed twice");
    out.push_back(*normalized);
  }
  return success();
}

} // namespace

LogicalResult tgc::tg::inferBroadcastResult(
    std::optional<Location> loc, StringRef opName,
    ArrayRef<std::pair<StringRef, Value>> operands, Type resultElementType,
    SmallVectorImpl<Type> &inferred) {
  // C1: one element type across the operands.
  auto [firstName, first] = operands.front();
  Type elementType = tensorType(first).getElementType();
  for (auto [name, value] : operands.drop_front())
    if (tensorType(value).getElementType() != elementType)
      return opError(loc, opName, "operands ", firstName, " (",
                     first.getType(), ") and ", name, " (", value.getType(),
                     ") have different element types");
  // C2: broadcast-compatible shapes.
  SmallVector<int64_t> shape(tensorType(first).getShape());
  for (auto [name, value] : operands.drop_front()) {
    std::optional<SmallVector<int64_t>> next =
        broadcastShapes(shape, tensorType(value).getShape());
    if (!next)
      return opError(loc, opName, "operands ", firstName, " (",
                     first.getType(), ") and ", name, " (", value.getType(),
                     ") are not broadcast-compatible");
    shape = *next;
  }
  inferred.push_back(RankedTensorType::get(
      shape, resultElementType ? resultElementType : elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// Comparison and selection
//===----------------------------------------------------------------------===//

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferBroadcastResult(
      loc, getOperationName(),
      {{"lhs", adaptor.getLhs()}, {"rhs", adaptor.getRhs()}},
      IntegerType::get(context, 1), inferred);
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  SmallVector<Type> branchType;
  if (failed(inferBroadcastResult(loc, getOperationName(),
                                  {{"on_true", adaptor.getOnTrue()},
                                   {"on_false", adaptor.getOnFalse()}},
                                  nullptr, branchType)))
    return failure();
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(
      tensorType(adaptor.getCondition()).getShape(),
      cast<RankedTensorType>(branchType.front()).getShape());
  if (!shape)
    return opError(loc, getOperationName(), "condition (",
                   adaptor.getCondition().getType(),
                   ") is not broadcast-compatible with on_true (",
                   adaptor.getOnTrue().getType(), ") and on_false (",
                   adaptor.getOnFalse().getType(), ")");
  inferred.push_back(RankedTensorType::get(
      *shape, tensorType(adaptor.getOnTrue()).getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferMatmulResult(loc, getOperationName(), adaptor.getLhs(),
                           adaptor.getRhs(), adaptor.getTransposeA(),
                           adaptor.getTransposeB(), inferred);
}

LogicalResult tgc::tg::inferMatmulResult(std::optional<Location> loc,
                                         StringRef name, Value lhsValue,
                                         Value rhsValue, bool transposeA,
                                         bool transposeB,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType lhs = tensorType(lhsValue);
  RankedTensorType rhs = tensorType(rhsValue);
  // matmul_c1
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return opError(loc, name, "operands need rank >= 2, got lhs ", lhs,
                   " and rhs ", rhs);
  if (lhs.getElementType() != rhs.getElementType())
    return opError(loc, name, "operands lhs (", lhs, ") and rhs (", rhs,
                   ") have different element types");
  ArrayRef<int64_t> a = lhs.getShape(), b = rhs.getShape();
  int64_t m = a[a.size() - 2], ka = a.back();
  if (transposeA)
    std::swap(m, ka);
  int64_t kb = b[b.size() - 2], n = b.back();
  if (transposeB)
    std::swap(kb, n);
  // matmul_c2
  if (ka != kb)
    return opError(loc, name, "contracted dimensions differ: lhs ", lhs,
                   transposeA ? " (transposed)" : "", " has K = ", ka,
                   " but rhs ", rhs, transposeB ? " (transposed)" : "",
                   " has K = ", kb);
  // matmul_c3
  std::optional<SmallVector<int64_t>> batch =
      broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (!batch)
    return opError(loc, name, "batch dimensions of lhs (", lhs, ") and rhs (",
                   rhs, ") are not broadcast-compatible");
  batch->push_back(m);
  batch->push_back(n);
  inferred.push_back(RankedTensorType::get(*batch, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// reduce_c1, reduce_c2
LogicalResult tgc::tg::inferReduceResult(std::optional<Location> loc,
                                       StringRef opName, Value operand,
                                       ArrayRef<int64_t> axes, bool keepdims,
                                       Type elementType,
                                       SmallVectorImpl<Type> &inferred) {
  RankedTensorType type = tensorType(operand);
  if (axes.empty())
    return opError(loc, opName, "needs at least one axis");
  SmallVector<int64_t> normalized;
  if (failed(normalizeAxes(loc, opName, axes, type.getRank(), normalized)))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!llvm::is_contained(normalized, d))
      shape.push_back(type.getDimSize(d));
    else if (keepdims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(
      shape, elementType ? elementType : type.getElementType()));
  return success();
}


LogicalResult tgc::tg::inferArgReduceResult(std::optional<Location> loc,
                                          StringRef opName, Value operand,
                                          int64_t axis, bool keepdims,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType type = tensorType(operand);
  std::optional<int64_t> d = normalizeAxis(axis, type.getRank());
  if (!d)
    return opError(loc, opName, "axis ", axis, " is out of range for ", type,
                   " (expected [", -type.getRank(), ", ", type.getRank(), "))");
  if (type.getDimSize(*d) == 0)
    return opError(loc, opName, "cannot reduce over empty dimension ", axis,
                   " of ", type);
  return inferReduceResult(loc, opName, operand, {axis}, keepdims,
                           IntegerType::get(operand.getContext(), 64),
                           inferred);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

static LogicalResult verifyAxis(Operation *op, int64_t axis, Type type) {
  int64_t rank = cast<RankedTensorType>(type).getRank();
  if (!normalizeAxis(axis, rank))
    return op->emitOpError("axis ")
           << axis << " is out of range for " << type << " (expected [" << -rank
           << ", " << rank << "))";
  return success();
}

// softmax_c1
LogicalResult SoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getType());
}

// log_softmax_c1
LogicalResult LogSoftmaxOp::verify() {
  return verifyAxis(*this, getAxis(), getType());
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  return inferLayerNormResult(loc, getOperationName(), adaptor.getInput(),
                              adaptor.getScale(), adaptor.getBias(),
                              adaptor.getAxis(), adaptor.getEpsilon(), inferred);
}

LogicalResult tgc::tg::inferLayerNormResult(std::optional<Location> loc,
                                            StringRef name, Value inputValue,
                                            Value scale, Value bias,
                                            int64_t axisAttr,
                                            const llvm::APFloat &epsilon,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorType(inputValue);
  // layer_norm_c1
  std::optional<int64_t> axis = normalizeAxis(axisAttr, input.getRank());
  if (!axis)
    return opError(loc, name, "axis ", axisAttr,
                   " is out of range for input ", input);
  // layer_norm_c2
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (auto [role, value] : {std::pair<StringRef, Value>{"scale", scale},
                             {"bias", bias}}) {
    if (!value)
      continue;
    RankedTensorType type = tensorType(value);
    if (type.getShape() != normalized ||
        type.getElementType() != input.getElementType())
      return opError(loc, name, role, " has type ", type, " but input ", input,
                     " normalized from axis ", *axis, " needs ",
                     RankedTensorType::get(normalized, input.getElementType()));
  }
  // layer_norm_c3
  if (!(epsilon.convertToDouble() >= 0))
    return opError(loc, name, "epsilon must be >= 0, got ",
                   epsilon.convertToDouble());
  inferred.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getValue().getType());
  return success();
}

// reshape_c1
LogicalResult ReshapeOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  if (in.getElementType() != out.getElementType() ||
      in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in << " (" << in.getNumElements() << " elements) to " << out
           << " (" << out.getNumElements()
           << " elements): element type and count must match";
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType type = tensorType(adaptor.getOperand());
  ArrayRef<int64_t> perm = adaptor.getPermutation();
  // transpose_c1
  SmallVector<bool> used(type.getRank(), false);
  bool valid = static_cast<int64_t>(perm.size()) == type.getRank();
  for (int64_t p : perm) {
    if (!valid || p < 0 || p >= type.getRank() || used[p]) {
      valid = false;
      break;
    }
    used[p] = true;
  }
  if (!valid) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::interleaveComma(perm, os);
    return opError(loc, getOperationName(), "permutation [", text,
                   "] is not a permutation of the ", type.getRank(),
                   " dimensions of ", type);
  }
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  ValueRange inputs = adaptor.getInputs();
  // concat_c1
  if (inputs.empty())
    return opError(loc, name, "needs at least one input");
  RankedTensorType first = tensorType(inputs.front());
  // concat_c2
  std::optional<int64_t> axis =
      normalizeAxis(adaptor.getAxis(), first.getRank());
  if (!axis)
    return opError(loc, name, "axis ", adaptor.getAxis(),
                   " is out of range for ", first);
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, input] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = tensorType(input);
    bool sameOffAxis = type.getRank() == first.getRank();
    for (int64_t d = 0; sameOffAxis && d < first.getRank(); ++d)
      sameOffAxis = d == *axis || type.getDimSize(d) == first.getDimSize(d);
    // concat_c1, concat_c3
    if (type.getElementType() != first.getElementType() || !sameOffAxis)
      return opError(loc, name, "input ", i + 1, " (", type,
                     ") does not match input 0 (", first,
                     ") in element type and every dimension but axis ", *axis);
    shape[*axis] += type.getDimSize(*axis);
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType type = tensorType(adaptor.getOperand());
  ArrayRef<int64_t> start = adaptor.getStart(), limit = adaptor.getLimit();
  SmallVector<int64_t> strides(type.getRank(), 1);
  if (std::optional<ArrayRef<int64_t>> given = adaptor.getStrides())
    strides.assign(given->begin(), given->end());
  // slice_c1
  size_t rank = type.getRank();
  if (start.size() != rank || limit.size() != rank || strides.size() != rank)
    return opError(loc, name, "start, limit and strides need one entry per "
                   "dimension of ", type, ", got ", start.size(), ", ",
                   limit.size(), " and ", strides.size());
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    // slice_c2
    if (start[d] < 0 || start[d] > limit[d] || limit[d] > type.getDimSize(d) ||
        strides[d] < 1)
      return opError(loc, name, "dimension ", d, " of ", type,
                     ": need 0 <= start <= limit <= ", type.getDimSize(d),
                     " and stride >= 1, got start ", start[d], ", limit ",
                     limit[d], ", stride ", strides[d]);
    shape.push_back((limit[d] - start[d] + strides[d] - 1) / strides[d]);
  }
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType params = tensorType(adaptor.getParams());
  RankedTensorType indices = tensorType(adaptor.getIndices());
  // gather_c1
  std::optional<int64_t> axis =
      normalizeAxis(adaptor.getAxis(), params.getRank());
  if (!axis)
    return opError(loc, getOperationName(), "axis ", adaptor.getAxis(),
                   " is out of range for params ", params);
  SmallVector<int64_t> shape(params.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, params.getShape().drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, params.getElementType()));
  return success();
}

LogicalResult BroadcastToOp::verify() {
  RankedTensorType in = getOperand().getType(), out = getType();
  // broadcast_to_c1
  if (in.getElementType() != out.getElementType() ||
      in.getRank() > out.getRank())
    return emitOpError("cannot broadcast ") << in << " to " << out;
  // broadcast_to_c2
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(in.getShape(), out.getShape());
  if (!shape || ArrayRef<int64_t>(*shape) != out.getShape())
    return emitOpError("cannot broadcast ")
           << in << " to " << out
           << ": each operand dimension must equal the aligned result "
              "dimension or be 1";
  return success();
}

LogicalResult IotaOp::verify() {
  // iota_c1
  if (getDimension() < 0 || getDimension() >= getType().getRank())
    return emitOpError("dimension ")
           << getDimension() << " is out of range for " << getType();
  return success();
}

LogicalResult OneHotOp::verify() {
  // one_hot_c1
  if (getDepth() < 1)
    return emitOpError("depth must be >= 1, got ") << getDepth();
  // one_hot_c2
  SmallVector<int64_t> shape(getIndices().getType().getShape());
  shape.push_back(getDepth());
  if (getType().getShape() != ArrayRef<int64_t>(shape))
    return emitOpError("result ")
           << getType() << " must have shape of indices "
           << getIndices().getType() << " followed by depth " << getDepth();
  return success();
}

//===----------------------------------------------------------------------===//
// Random ops
//===----------------------------------------------------------------------===//

LogicalResult RandomUniformOp::verify() {
  // random_uniform_c1
  if (!(getLow().convertToDouble() < getHigh().convertToDouble()))
    return emitOpError("needs low < high, got [")
           << getLow().convertToDouble() << ", " << getHigh().convertToDouble()
           << ")";
  return success();
}

LogicalResult RandomNormalOp::verify() {
  // random_normal_c1
  if (!(getStddev().convertToDouble() >= 0))
    return emitOpError("needs stddev >= 0, got ")
           << getStddev().convertToDouble();
  return success();
}

LogicalResult BernoulliOp::verify() {
  // bernoulli_c1
  double p = getProbability().convertToDouble();
  if (!(p >= 0 && p <= 1))
    return emitOpError("needs 0 <= probability <= 1, got ") << p;
  return success();
}

LogicalResult DropoutOp::verify() {
  // dropout_c1
  double ratio = getRatio().convertToDouble();
  if (!(ratio >= 0 && ratio < 1))
    return emitOpError("needs 0 <= ratio < 1, got ") << ratio;
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult CrossEntropyOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  RankedTensorType logits = tensorType(adaptor.getLogits());
  RankedTensorType labels = tensorType(adaptor.getLabels());
  // cross_entropy_c1
  if (logits.getRank() < 1 ||
      labels.getShape() != logits.getShape().drop_back())
    return opError(loc, getOperationName(), "labels ", labels,
                   " must have the shape of logits ", logits,
                   " without its last (class) dimension");
  // cross_entropy_c2
  inferred.push_back(RankedTensorType::get({}, logits.getElementType()));
  return success();
}

LogicalResult MseOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  // mse_c1
  if (adaptor.getLhs().getType() != adaptor.getRhs().getType())
    return opError(loc, getOperationName(), "operands lhs (",
                   adaptor.getLhs().getType(), ") and rhs (",
                   adaptor.getRhs().getType(), ") must have the same type");
  // mse_c2
  inferred.push_back(
      RankedTensorType::get({}, tensorType(adaptor.getLhs()).getElementType()));
  return success();
}

#include "ir/TgEnums.cpp.inc"

#define GET_OP_CLASSES
#include "ir/TgOps.cpp.inc"
