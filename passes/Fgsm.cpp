//===- Fgsm.cpp - the FGSM adversarial loss as a tg function --------------===//
//
//   @f(θ, x) -> (L, ...)  ->  @f(θ, x) -> (L(θ, e + δ), ..., L)
//   with e the value named by `at` and δ = stop_gradient(ε·sign(∂L/∂e)).
//
// ∂L/∂e comes from tg-autodiff itself: the tail of @f after e is outlined
// as @tail(args it uses, e) -> L into a scratch module nested in the pass's
// module (so runPipeline may run on it), tg-autodiff with inputs=[e] makes
// @tail_grad, and its body is inlined after e. Nothing here knows an op's
// derivative. Expects static shapes and a rank-0 float loss; the formulas
// are in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/BitVector.h"

#include <cmath>

namespace tgc {
#define GEN_PASS_DEF_FGSMPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

/// The input name of e in the outlined tail (not visible outside the pass).
constexpr llvm::StringLiteral kPerturbedInput = "fgsm.perturbed";
constexpr llvm::StringLiteral kCleanLossName = "fgsm.clean_loss";

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Whether `loc` or a location inside it is a NameLoc called `name`.
bool hasName(Location loc, llvm::StringRef name) {
  bool found = false;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner))
      if (named.getName() == name) {
        found = true;
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  return found;
}

/// A rank-0 constant `v` of `elementType`.
Value scalar(OpBuilder &b, Location loc, Type elementType, double v) {
  auto type = RankedTensorType::get({}, elementType);
  return b.create<ConstantOp>(
      loc, type, DenseElementsAttr::get(type, b.getFloatAttr(elementType, v)));
}

/// Clones the body of `fn` at `b`'s insertion point with its arguments
/// bound to `arguments`; returns the values it returns.
SmallVector<Value> inlineBody(OpBuilder &b, func::FuncOp fn,
                              ValueRange arguments) {
  IRMapping map;
  map.map(fn.getArguments(), arguments);
  for (Operation &op : fn.front().without_terminator())
    b.clone(op, map);
  SmallVector<Value> results;
  for (Value v : fn.front().getTerminator()->getOperands())
    results.push_back(map.lookup(v));
  return results;
}

struct FgsmPass : tgc::impl::FgsmPassBase<FgsmPass> {
  using FgsmPassBase::FgsmPassBase;

  void runOnOperation() override;

private:
  func::FuncOp findFunction(ModuleOp module);
  /// Outlines L as a function of (the arguments it uses, e) into `scratch`
  /// as @tail; `sources` receives, per @tail argument, the value of @f it
  /// stands for.
  func::FuncOp outlineTail(ModuleOp scratch, func::FuncOp fn,
                           Operation *producer,
                           SmallVectorImpl<Value> &sources);
};

func::FuncOp FgsmPass::findFunction(ModuleOp module) {
  auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
  std::string wanted = functionName;
  if (wanted.empty() && functions.size() == 1)
    return functions.front();
  if (wanted.empty())
    wanted = "main";
  for (func::FuncOp fn : functions)
    if (fn.getSymName() == wanted)
      return fn;
  module.emitError("tg-fgsm: no function @")
      << wanted << " (choose one with function=NAME)";
  return nullptr;
}

func::FuncOp FgsmPass::outlineTail(ModuleOp scratch, func::FuncOp fn,
                                   Operation *producer,
                                   SmallVectorImpl<Value> &sources) {
  Value e = producer->getResult(0);
  OpBuilder b = OpBuilder::atBlockEnd(scratch.getBody());
  Type lossType = fn.getFunctionType().getResult(0);
  SmallVector<Type> argTypes(fn.getArgumentTypes());
  argTypes.push_back(e.getType());
  auto tail = b.create<func::FuncOp>(fn.getLoc(), "tail",
                                     b.getFunctionType(argTypes, {lossType}));
  for (unsigned i = 0; i < fn.getNumArguments(); ++i)
    tail.setArgAttrs(i, fn.getArgAttrDict(i));
  tail.setArgAttrs(fn.getNumArguments(),
                   b.getDictionaryAttr(b.getNamedAttr(
                       TgDialect::kInputAttr, b.getStringAttr(kPerturbedInput))));
  tail->setAttr(TgDialect::kResultNamesAttr,
                b.getStrArrayAttr({llvm::StringRef("loss")}));
  Block *body = tail.addEntryBlock();
  sources.assign(fn.getArguments().begin(), fn.getArguments().end());
  sources.push_back(e);

  // Every op but e's producer, with e replaced by the new argument; what
  // only fed the producer is then dead and erased.
  IRMapping map;
  map.map(fn.getArguments(), body->getArguments().drop_back());
  map.map(e, body->getArguments().back());
  b.setInsertionPointToEnd(body);
  for (Operation &op : fn.front().without_terminator())
    if (&op != producer)
      b.clone(op, map);
  Value loss = fn.front().getTerminator()->getOperand(0);
  b.create<func::ReturnOp>(fn.getLoc(), map.lookup(loss));
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(body->without_terminator())))
    if (isOpTriviallyDead(&op))
      op.erase();

  // Arguments the tail no longer uses go, so tg-autodiff does not warn
  // about parameters that only reach the loss through e.
  llvm::BitVector unused(tail.getNumArguments());
  for (BlockArgument arg : body->getArguments())
    if (arg.use_empty() && arg != body->getArguments().back())
      unused.set(arg.getArgNumber());
  for (int i = static_cast<int>(unused.size()) - 1; i >= 0; --i)
    if (unused.test(i))
      sources.erase(sources.begin() + i);
  tail.eraseArguments(unused);
  return tail;
}

void FgsmPass::runOnOperation() {
  auto module = dyn_cast<ModuleOp>(getOperation());
  if (!module) {
    getOperation()->emitError("tg-fgsm: runs on a builtin.module");
    return signalPassFailure();
  }
  if (!(epsilon > 0) || !std::isfinite(epsilon)) {
    module.emitError("tg-fgsm: option epsilon must be a finite number > 0, got ")
        << epsilon;
    return signalPassFailure();
  }
  func::FuncOp fn = findFunction(module);
  if (!fn)
    return signalPassFailure();
  FunctionType type = fn.getFunctionType();
  auto lossType = type.getNumResults() ? dyn_cast<RankedTensorType>(type.getResult(0))
                                       : RankedTensorType();
  if (!lossType || lossType.getRank() != 0 || !isFloatTensor(lossType)) {
    fn.emitError("tg-fgsm: result 0 of @")
        << fn.getSymName() << " (the loss) must be a rank-0 float tensor";
    return signalPassFailure();
  }
  Operation *producer = nullptr;
  for (Operation &op : fn.front().without_terminator())
    if (hasName(op.getLoc(), at))
      producer = &op;
  if (!producer) {
    fn.emitError("tg-fgsm: @")
        << fn.getSymName() << " has no op at location '" << at
        << "' to perturb (model programs keep their scopes as locations "
           "with `tgc model --print-locations`)";
    return signalPassFailure();
  }
  if (producer->getNumResults() != 1 ||
      !isFloatTensor(producer->getResult(0).getType())) {
    // On the function: the op's own location may be a bare name.
    fn.emitError("tg-fgsm: the op at location '")
        << at << "' (" << producer->getName()
        << ") must have one float tensor result to perturb";
    return signalPassFailure();
  }
  Value e = producer->getResult(0);

  // ∂L/∂e by tg-autodiff on the outlined tail, in a scratch module.
  OpBuilder moduleBuilder = OpBuilder::atBlockEnd(module.getBody());
  auto scratch = moduleBuilder.create<ModuleOp>(module.getLoc());
  SmallVector<Value> sources;
  func::FuncOp tail = outlineTail(scratch, fn, producer, sources);
  OpPassManager autodiff(ModuleOp::getOperationName());
  std::vector<std::string> differentiated = {kPerturbedInput.str()};
  tgc::AutodiffPassOptions options;
  options.inputs = differentiated;
  autodiff.addPass(tgc::createAutodiffPass(options));
  if (!tail || failed(runPipeline(autodiff, scratch))) {
    scratch.erase();
    return signalPassFailure();
  }
  auto tailGrad = scratch.lookupSymbol<func::FuncOp>("tail_grad");

  // Before the return: g, δ, e' and the tail again on e'.
  auto ret = cast<func::ReturnOp>(fn.front().getTerminator());
  OpBuilder b(ret);
  Location loc = producer->getLoc();
  Value gradient = inlineBody(b, tailGrad, sources).back();
  Type element = cast<RankedTensorType>(e.getType()).getElementType();
  Value zero = scalar(b, loc, element, 0.0);
  Value positive = b.create<CompareOp>(loc, CompareDirection::GT, gradient, zero);
  Value negative = b.create<CompareOp>(loc, CompareDirection::LT, gradient, zero);
  Value negOrZero = b.create<SelectOp>(loc, negative,
                                       scalar(b, loc, element, -1.0), zero);
  Value sign = b.create<SelectOp>(loc, positive, scalar(b, loc, element, 1.0),
                                  negOrZero);
  Value delta = b.create<StopGradientOp>(
      loc, b.create<MulOp>(loc, sign, scalar(b, loc, element, epsilon)));
  Value perturbed = b.create<AddOp>(loc, e, delta);
  SmallVector<Value> adversarialSources(sources);
  adversarialSources.back() = perturbed;
  Value adversarialLoss = inlineBody(b, tail, adversarialSources).front();
  scratch.erase();

  // Results: L', the others unchanged, then the clean L.
  SmallVector<Value> results(ret.getOperands());
  Value cleanLoss = results.front();
  results.front() = adversarialLoss;
  results.push_back(cleanLoss);
  ret->setOperands(results);
  SmallVector<Type> resultTypes(type.getResults());
  resultTypes.push_back(lossType);
  fn.setFunctionType(FunctionType::get(&getContext(), type.getInputs(), resultTypes));
  SmallVector<Attribute> names;
  if (auto existing = fn->getAttrOfType<ArrayAttr>(TgDialect::kResultNamesAttr))
    names.assign(existing.begin(), existing.end());
  else
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      names.push_back(b.getStringAttr("result" + std::to_string(i)));
  names.push_back(b.getStringAttr(kCleanLossName));
  fn->setAttr(TgDialect::kResultNamesAttr, b.getArrayAttr(names));
  // A func.func's result attributes must match its result count.
  if (ArrayAttr resAttrs = fn.getAllResultAttrs()) {
    SmallVector<Attribute> all(resAttrs.begin(), resAttrs.end());
    all.push_back(b.getDictionaryAttr({}));
    fn.setAllResultAttrs(all);
  }
}

} // namespace
