//===- GraphBuilder.cpp - build tg functions from C++ ---------------------===//

#include "frontend/GraphBuilder.h"

#include "ir/TgDialect.h"

#include "absl/strings/str_cat.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::frontend {

GraphBuilder::GraphBuilder(MLIRContext *context, StringRef functionName)
    : context_(context), builder_(context) {
  context->loadDialect<TgDialect, func::FuncDialect>();
  module_ = ModuleOp::create(builder_.getUnknownLoc());
  builder_.setInsertionPointToEnd(module_->getBody());
  function_ = builder_.create<func::FuncOp>(
      builder_.getUnknownLoc(), functionName, builder_.getFunctionType({}, {}));
  builder_.setInsertionPointToEnd(function_.addEntryBlock());
}

//===----------------------------------------------------------------------===//
// Scopes and checking
//===----------------------------------------------------------------------===//

GraphBuilder::Scope::Scope(GraphBuilder *builder, size_t restoreTo)
    : builder_(builder), restoreTo_(restoreTo) {}

GraphBuilder::Scope::Scope(Scope &&other) noexcept
    : builder_(other.builder_), restoreTo_(other.restoreTo_) {
  other.builder_ = nullptr;
}

GraphBuilder::Scope::~Scope() {
  if (builder_)
    builder_->scopes_.resize(restoreTo_);
}

GraphBuilder::Scope GraphBuilder::scope(StringRef name) {
  size_t restoreTo = scopes_.size();
  scopes_.push_back(name.str());
  return Scope(this, restoreTo);
}

Location GraphBuilder::location() {
  if (scopes_.empty())
    return NameLoc::get(builder_.getStringAttr(function_.getSymName()));
  return NameLoc::get(builder_.getStringAttr(llvm::join(scopes_, ".")));
}

RankedTensorType GraphBuilder::tensorType(ArrayRef<int64_t> shape,
                                          Type elementType) {
  return RankedTensorType::get(shape, elementType ? elementType : f32());
}

ArrayRef<int64_t> GraphBuilder::shapeOf(Value v) const {
  return mlir::cast<RankedTensorType>(v.getType()).getShape();
}

bool GraphBuilder::ready(ArrayRef<Value> operands) const {
  return status_.ok() && llvm::all_of(operands, [](Value v) { return bool(v); });
}

Value GraphBuilder::check(StringRef call, Operation *op) {
  std::string message;
  ScopedDiagnosticHandler capture(context_, [&](Diagnostic &diagnostic) {
    if (message.empty())
      message = diagnostic.str();
    return success();
  });
  bool ok = true;
  if (auto inference = dyn_cast<InferTypeOpInterface>(op)) {
    SmallVector<Type> types;
    ok = succeeded(inference.inferReturnTypes(
        context_, op->getLoc(), op->getOperands(), op->getRawDictionaryAttrs(),
        op->getPropertiesStorage(), op->getRegions(), types));
    if (ok)
      for (auto [result, type] : llvm::zip_equal(op->getResults(), types))
        result.setType(type);
  }
  ok = ok && succeeded(verify(op));
  if (ok)
    return op->getResult(0);
  std::string where = scopes_.empty() ? "" : " in '" + llvm::join(scopes_, ".") + "'";
  status_ = absl::InvalidArgumentError(
      absl::StrCat("GraphBuilder::", call.str(), where, ": ", message));
  op->erase();
  return {};
}

std::vector<Value> GraphBuilder::checkAll(StringRef call, Operation *op) {
  if (!check(call, op))
    return {};
  return std::vector<Value>(op->result_begin(), op->result_end());
}

template <typename OpT, typename... Args>
Value GraphBuilder::create(StringRef call, ArrayRef<Value> operands,
                           Type resultType, Args &&...args) {
  if (!ready(operands))
    return {};
  // Ops that infer their result type get a placeholder, replaced in check().
  Type type = resultType ? resultType : operands.front().getType();
  auto op = builder_.create<OpT>(location(), type, std::forward<Args>(args)...);
  return check(call, op.getOperation());
}

//===----------------------------------------------------------------------===//
// Signature
//===----------------------------------------------------------------------===//

Value GraphBuilder::addArgument(StringRef attrName, StringRef name,
                                ArrayRef<int64_t> shape, Type elementType,
                                std::optional<int64_t> indexBound) {
  if (!status_.ok())
    return {};
  for (DictionaryAttr attrs : argumentAttrs_) {
    auto existing = attrs.getAs<StringAttr>(TgDialect::kParamAttr);
    if (!existing)
      existing = attrs.getAs<StringAttr>(TgDialect::kInputAttr);
    if (existing && existing.getValue() == name) {
      status_ = absl::InvalidArgumentError(absl::StrCat(
          "GraphBuilder: the argument name '", name.str(), "' is used twice"));
      return {};
    }
  }
  SmallVector<NamedAttribute> attrs = {
      builder_.getNamedAttr(attrName, builder_.getStringAttr(name))};
  if (indexBound)
    attrs.push_back(builder_.getNamedAttr(TgDialect::kIndexBoundAttr,
                                          builder_.getI64IntegerAttr(*indexBound)));
  argumentAttrs_.push_back(builder_.getDictionaryAttr(attrs));
  return function_.front().addArgument(tensorType(shape, elementType),
                                       NameLoc::get(builder_.getStringAttr(name)));
}

Value GraphBuilder::param(StringRef name, ArrayRef<int64_t> shape,
                          Type elementType) {
  return addArgument(TgDialect::kParamAttr, name, shape, elementType,
                     std::nullopt);
}

Value GraphBuilder::input(StringRef name, ArrayRef<int64_t> shape,
                          Type elementType, std::optional<int64_t> indexBound) {
  return addArgument(TgDialect::kInputAttr, name, shape, elementType,
                     indexBound);
}

Value GraphBuilder::stepCounter(StringRef name) {
  Value counter = input(name, {}, i64());
  if (!counter)
    return {};
  SmallVector<NamedAttribute> attrs(argumentAttrs_.back().getValue());
  attrs.push_back(
      builder_.getNamedAttr(TgDialect::kStepCounterAttr, builder_.getUnitAttr()));
  argumentAttrs_.back() = builder_.getDictionaryAttr(attrs);
  return counter;
}

void GraphBuilder::output(StringRef name, Value value) {
  if (!ready({value}))
    return;
  if (llvm::is_contained(resultNames_, name.str())) {
    status_ = absl::InvalidArgumentError(absl::StrCat(
        "GraphBuilder: the output name '", name.str(), "' is used twice"));
    return;
  }
  results_.push_back(value);
  resultNames_.push_back(name.str());
}

absl::StatusOr<OwningOpRef<ModuleOp>> GraphBuilder::finish() {
  if (!status_.ok())
    return status_;
  if (!module_)
    return absl::FailedPreconditionError("GraphBuilder::finish called twice");
  Block &body = function_.front();
  builder_.setInsertionPointToEnd(&body);
  builder_.create<func::ReturnOp>(location(), results_);
  SmallVector<Type> resultTypes;
  for (Value v : results_)
    resultTypes.push_back(v.getType());
  function_.setFunctionType(
      builder_.getFunctionType(body.getArgumentTypes(), resultTypes));
  for (auto [i, attrs] : llvm::enumerate(argumentAttrs_))
    function_.setArgAttrs(i, attrs);
  SmallVector<Attribute> names;
  for (const std::string &name : resultNames_)
    names.push_back(builder_.getStringAttr(name));
  function_->setAttr(TgDialect::kResultNamesAttr, builder_.getArrayAttr(names));

  std::string message;
  ScopedDiagnosticHandler capture(context_, [&](Diagnostic &diagnostic) {
    if (message.empty())
      message = diagnostic.str();
    return success();
  });
  if (failed(verify(*module_)))
    return absl::InternalError("GraphBuilder: the finished module does not "
                               "verify: " + message);
  return std::move(module_);
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

Value GraphBuilder::scalar(double value, Type elementType) {
  Type type = elementType ? elementType : f32();
  RankedTensorType tensor = tensorType({}, type);
  if (isa<FloatType>(type))
    return constant(DenseElementsAttr::get(tensor, builder_.getFloatAttr(type, value)));
  return constant(DenseElementsAttr::get(
      tensor, builder_.getIntegerAttr(type, static_cast<int64_t>(value))));
}

Value GraphBuilder::constant(ArrayRef<int64_t> shape, ArrayRef<float> values) {
  return constant(DenseElementsAttr::get(tensorType(shape, f32()), values));
}

Value GraphBuilder::constant(DenseElementsAttr value) {
  return create<ConstantOp>("constant", {}, value.getType(),
                            mlir::cast<ElementsAttr>(value));
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

#define TG_BINARY(METHOD, OP)                                                  \
  Value GraphBuilder::METHOD(Value a, Value b) {                               \
    return create<OP>(#METHOD, {a, b}, {}, a, b);                              \
  }
TG_BINARY(add, AddOp)
TG_BINARY(sub, SubOp)
TG_BINARY(mul, MulOp)
TG_BINARY(div, DivOp)
TG_BINARY(max, MaxOp)
TG_BINARY(min, MinOp)
TG_BINARY(pow, PowOp)
TG_BINARY(mse, MseOp)
#undef TG_BINARY

#define TG_UNARY(METHOD, OP)                                                   \
  Value GraphBuilder::METHOD(Value x) {                                        \
    return create<OP>(#METHOD, {x}, x ? x.getType() : Type(), x);              \
  }
TG_UNARY(neg, NegOp)
TG_UNARY(abs, AbsOp)
TG_UNARY(exp, ExpOp)
TG_UNARY(log, LogOp)
TG_UNARY(sqrt, SqrtOp)
TG_UNARY(rsqrt, RsqrtOp)
TG_UNARY(tanh, TanhOp)
TG_UNARY(sigmoid, SigmoidOp)
TG_UNARY(relu, ReluOp)
TG_UNARY(erf, ErfOp)
TG_UNARY(sin, SinOp)
TG_UNARY(cos, CosOp)
TG_UNARY(stopGradient, StopGradientOp)
#undef TG_UNARY

Value GraphBuilder::gelu(Value x, GeluApproximation approximate) {
  return create<GeluOp>("gelu", {x}, x ? x.getType() : Type(), x, approximate);
}

Value GraphBuilder::compare(CompareDirection direction, Value a, Value b) {
  return create<CompareOp>("compare", {a, b}, {}, direction, a, b);
}

Value GraphBuilder::select(Value condition, Value onTrue, Value onFalse) {
  return create<SelectOp>("select", {condition, onTrue, onFalse}, {}, condition,
                          onTrue, onFalse);
}

Value GraphBuilder::cast(Value x, Type elementType) {
  if (!ready({x}))
    return {};
  return create<CastOp>("cast", {x}, tensorType(shapeOf(x), elementType), x);
}

Value GraphBuilder::matmul(Value a, Value b, bool transposeA, bool transposeB) {
  return create<MatmulOp>("matmul", {a, b}, {}, a, b, transposeA, transposeB);
}

Value GraphBuilder::linear(Value x, Value weight, Value bias) {
  Value y = matmul(x, weight, /*transposeA=*/false, /*transposeB=*/true);
  return bias ? add(y, bias) : y;
}

#define TG_REDUCE(METHOD, OP)                                                  \
  Value GraphBuilder::METHOD(Value x, ArrayRef<int64_t> axes, bool keepdims) { \
    return create<OP>(#METHOD, {x}, {}, x, axes, keepdims);                    \
  }
TG_REDUCE(reduceSum, ReduceSumOp)
TG_REDUCE(reduceMean, ReduceMeanOp)
TG_REDUCE(reduceMax, ReduceMaxOp)
TG_REDUCE(reduceMin, ReduceMinOp)
#undef TG_REDUCE

Value GraphBuilder::argmax(Value x, int64_t axis, bool keepdims) {
  return create<ArgmaxOp>("argmax", {x}, {}, x, axis, keepdims);
}

Value GraphBuilder::argmin(Value x, int64_t axis, bool keepdims) {
  return create<ArgminOp>("argmin", {x}, {}, x, axis, keepdims);
}

Value GraphBuilder::softmax(Value x, int64_t axis) {
  return create<SoftmaxOp>("softmax", {x}, x ? x.getType() : Type(), x, axis);
}

Value GraphBuilder::logSoftmax(Value x, int64_t axis) {
  return create<LogSoftmaxOp>("logSoftmax", {x}, x ? x.getType() : Type(), x,
                              axis);
}

Value GraphBuilder::layerNorm(Value x, Value scale, Value bias, int64_t axis,
                              double epsilon) {
  SmallVector<Value> operands = {x};
  if (scale)
    operands.push_back(scale);
  if (bias)
    operands.push_back(bias);
  return create<LayerNormOp>("layerNorm", operands, {}, x, scale, bias, axis,
                             llvm::APFloat(epsilon));
}

Value GraphBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  if (!ready({x}))
    return {};
  return create<ReshapeOp>("reshape", {x},
                           tensorType(shape, getElementTypeOrSelf(x.getType())), x);
}

Value GraphBuilder::transpose(Value x, ArrayRef<int64_t> permutation) {
  return create<TransposeOp>("transpose", {x}, {}, x, permutation);
}

Value GraphBuilder::concat(ArrayRef<Value> inputs, int64_t axis) {
  if (inputs.empty() && status_.ok()) {
    status_ = absl::InvalidArgumentError("GraphBuilder::concat: no inputs");
    return {};
  }
  return create<ConcatOp>("concat", inputs, {}, ValueRange(inputs), axis);
}

Value GraphBuilder::slice(Value x, ArrayRef<int64_t> start,
                          ArrayRef<int64_t> limit, ArrayRef<int64_t> strides) {
  DenseI64ArrayAttr stridesAttr =
      strides.empty() ? nullptr : builder_.getDenseI64ArrayAttr(strides);
  return create<SliceOp>("slice", {x}, {}, x, start, limit, stridesAttr);
}

Value GraphBuilder::gather(Value params, Value indices, int64_t axis) {
  return create<GatherOp>("gather", {params, indices}, {}, params, indices, axis);
}

Value GraphBuilder::broadcastTo(Value x, ArrayRef<int64_t> shape) {
  if (!ready({x}))
    return {};
  return create<BroadcastToOp>(
      "broadcastTo", {x}, tensorType(shape, getElementTypeOrSelf(x.getType())), x);
}

Value GraphBuilder::iota(ArrayRef<int64_t> shape, int64_t dimension,
                         Type elementType) {
  return create<IotaOp>("iota", {},
                        tensorType(shape, elementType ? elementType : i64()),
                        dimension);
}

Value GraphBuilder::oneHot(Value indices, int64_t depth, Type elementType) {
  if (!ready({indices}))
    return {};
  SmallVector<int64_t> shape(shapeOf(indices));
  shape.push_back(depth);
  return create<OneHotOp>("oneHot", {indices}, tensorType(shape, elementType),
                          indices, depth);
}

/// The operands a random op checks for readiness: its step when it has one.
static SmallVector<Value, 2> withStep(ArrayRef<Value> operands, Value step) {
  SmallVector<Value, 2> all(operands);
  if (step)
    all.push_back(step);
  return all;
}

Value GraphBuilder::randomUniform(ArrayRef<int64_t> shape, int64_t seed,
                                  double low, double high, Type elementType,
                                  Value step) {
  return create<RandomUniformOp>("randomUniform", withStep({}, step),
                                 tensorType(shape, elementType), seed,
                                 llvm::APFloat(low), llvm::APFloat(high), step);
}

Value GraphBuilder::randomNormal(ArrayRef<int64_t> shape, int64_t seed,
                                 double mean, double stddev, Type elementType,
                                 Value step) {
  return create<RandomNormalOp>("randomNormal", withStep({}, step),
                                tensorType(shape, elementType), seed,
                                llvm::APFloat(mean), llvm::APFloat(stddev), step);
}

Value GraphBuilder::bernoulli(ArrayRef<int64_t> shape, double probability,
                              int64_t seed, Type elementType, Value step) {
  return create<BernoulliOp>("bernoulli", withStep({}, step),
                             tensorType(shape, elementType), seed,
                             llvm::APFloat(probability), step);
}

Value GraphBuilder::dropout(Value x, double ratio, int64_t seed, bool training,
                            Value step) {
  return create<DropoutOp>("dropout", withStep({x}, step),
                           x ? x.getType() : Type(), x, llvm::APFloat(ratio),
                           seed, training, step);
}

Value GraphBuilder::crossEntropy(Value logits, Value labels,
                                 std::optional<int64_t> ignoreIndex) {
  IntegerAttr ignore =
      ignoreIndex ? builder_.getI64IntegerAttr(*ignoreIndex) : nullptr;
  return create<CrossEntropyOp>("crossEntropy", {logits, labels}, {}, logits,
                                labels, ignore);
}

//===----------------------------------------------------------------------===//
// Recurrent
//===----------------------------------------------------------------------===//

std::vector<Value> GraphBuilder::lstm(Value x, ArrayRef<Value> weights,
                                      Value h0, Value c0, int64_t hiddenSize,
                                      int64_t numLayers, bool bidirectional) {
  SmallVector<Value> operands = {x};
  llvm::append_range(operands, weights);
  for (Value state : {h0, c0})
    if (state)
      operands.push_back(state);
  if (!ready(operands))
    return {};
  // Placeholder result types, replaced by the inferred ones in check().
  SmallVector<Type, 3> placeholders(3, x.getType());
  auto op = builder_.create<LstmOp>(location(), placeholders, x, weights, h0,
                                    c0, hiddenSize, numLayers, bidirectional);
  return checkAll("lstm", op);
}

std::vector<Value> GraphBuilder::gru(Value x, ArrayRef<Value> weights,
                                     Value h0, int64_t hiddenSize,
                                     int64_t numLayers, bool bidirectional) {
  SmallVector<Value> operands = {x};
  llvm::append_range(operands, weights);
  if (h0)
    operands.push_back(h0);
  if (!ready(operands))
    return {};
  SmallVector<Type, 2> placeholders(2, x.getType());
  auto op = builder_.create<GruOp>(location(), placeholders, x, weights, h0,
                                   hiddenSize, numLayers, bidirectional);
  return checkAll("gru", op);
}

} // namespace tgc::frontend
