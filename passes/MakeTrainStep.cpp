//===- MakeTrainStep.cpp - one optimizer step as a tg function ------------===//
//
//   @f, @f_grad  ->  @train_step(params..., state..., inputs...)
//                        -> (loss, new.<param>..., new.<state>...)
//
// @train_step is @f_grad's body inlined, then the optimizer's update of each
// trained parameter in elementwise tg ops, so the step fuses and compiles
// like any other function. The state an optimizer carries between steps is
// arguments in and results out, which keeps the program pure. Expects
// tg-autodiff to have run (it makes @f_grad); the naming scheme and the
// update formulas are in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"

#include <cmath>

namespace tgc {
#define GEN_PASS_DEF_MAKETRAINSTEPPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

constexpr llvm::StringLiteral kTrainStepName = "train_step";

/// A parameter the step updates, with its gradient and its state.
struct Trained {
  std::string name;
  Value param;    // the argument of @train_step
  Value gradient; // the cloned grad.<name> result of @f_grad
  /// State arguments of @train_step for this param, in state order.
  SmallVector<Value> state;
};

/// A state argument of @train_step: its name and type.
struct StateSlot {
  std::string name;
  Type type;
};

struct MakeTrainStepPass : tgc::impl::MakeTrainStepPassBase<MakeTrainStepPass> {
  using MakeTrainStepPassBase::MakeTrainStepPassBase;

  void runOnOperation() override;

private:
  LogicalResult checkOptions(Operation *anchor);
  func::FuncOp findFunction(ModuleOp module);
};

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// A rank-0 constant `v` of `elementType`.
Value scalar(OpBuilder &b, Location loc, Type elementType, double v) {
  auto type = RankedTensorType::get({}, elementType);
  return b.create<ConstantOp>(
      loc, type, DenseElementsAttr::get(type, b.getFloatAttr(elementType, v)));
}

LogicalResult MakeTrainStepPass::checkOptions(Operation *anchor) {
  auto bad = [&](llvm::StringRef option, double value,
                 llvm::StringRef expected) {
    std::string text;
    llvm::raw_string_ostream(text) << llvm::format("%g", value);
    return anchor->emitError("tg-make-train-step: ")
           << option << " must be " << expected << ", got " << text;
  };
  if (optimizer != "sgd" && optimizer != "adam")
    return anchor->emitError("tg-make-train-step: optimizer must be sgd or "
                             "adam, got '")
           << optimizer << "'";
  if (!std::isfinite(lr) || lr <= 0)
    return bad("lr", lr, "> 0");
  if (!std::isfinite(momentum) || momentum < 0)
    return bad("momentum", momentum, ">= 0");
  if (optimizer == "adam" && momentum != 0)
    return anchor->emitError(
        "tg-make-train-step: momentum is an sgd option; adam's are beta1 "
        "and beta2");
  if (!std::isfinite(beta1) || beta1 < 0 || beta1 >= 1)
    return bad("beta1", beta1, "in [0, 1)");
  if (!std::isfinite(beta2) || beta2 < 0 || beta2 >= 1)
    return bad("beta2", beta2, "in [0, 1)");
  if (!std::isfinite(epsilon) || epsilon < 0)
    return bad("epsilon", epsilon, ">= 0");
  if (!std::isfinite(weightDecay) || weightDecay < 0)
    return bad("weight-decay", weightDecay, ">= 0");
  return success();
}

/// `function`, else @main, else the only function with a _grad.
func::FuncOp MakeTrainStepPass::findFunction(ModuleOp module) {
  auto lookup = [&](llvm::StringRef name) {
    return module.lookupSymbol<func::FuncOp>(name);
  };
  if (!functionName.empty()) {
    if (func::FuncOp fn = lookup(functionName))
      return fn;
    module.emitError("tg-make-train-step: no function @") << functionName;
    return nullptr;
  }
  if (func::FuncOp fn = lookup("main"))
    return fn;
  SmallVector<func::FuncOp> candidates;
  for (func::FuncOp fn : module.getOps<func::FuncOp>())
    if (lookup((fn.getSymName() + "_grad").str()))
      candidates.push_back(fn);
  if (candidates.size() == 1)
    return candidates.front();
  module.emitError("tg-make-train-step: ")
      << (candidates.empty()
              ? "no function has a _grad; run tg-autodiff first"
              : "several functions have a _grad; choose one with function=");
  return nullptr;
}

void MakeTrainStepPass::runOnOperation() {
  auto module = dyn_cast<ModuleOp>(getOperation());
  if (!module) {
    getOperation()->emitError("tg-make-train-step: runs on a builtin.module");
    return signalPassFailure();
  }
  if (failed(checkOptions(module)))
    return signalPassFailure();
  func::FuncOp fn = findFunction(module);
  if (!fn)
    return signalPassFailure();
  std::string gradName = (fn.getSymName() + "_grad").str();
  auto gradFn = module.lookupSymbol<func::FuncOp>(gradName);
  if (!gradFn || gradFn.isExternal()) {
    fn.emitError("tg-make-train-step: no @")
        << gradName << " to take gradients from; run tg-autodiff first "
        << "(tg-opt --tg-autodiff --tg-make-train-step)";
    return signalPassFailure();
  }
  if (module.lookupSymbol(kTrainStepName)) {
    module.emitError("tg-make-train-step: @")
        << kTrainStepName << " already exists";
    return signalPassFailure();
  }

  // d(loss)/d(param) by name, from @f_grad's result names.
  auto resultNames =
      gradFn->getAttrOfType<ArrayAttr>(TgDialect::kResultNamesAttr);
  llvm::StringMap<unsigned> resultIndex;
  if (resultNames)
    for (auto [i, name] :
         llvm::enumerate(resultNames.getAsValueRange<StringAttr>()))
      resultIndex[name] = i;
  std::string lossName = resultNames && !resultNames.empty()
                             ? cast<StringAttr>(resultNames[0]).str()
                             : "result0";

  // Arguments of @f_grad by role, and the names already taken.
  SmallVector<unsigned> paramArgs, inputArgs;
  llvm::StringSet<> argNames;
  for (unsigned i = 0; i < gradFn.getNumArguments(); ++i) {
    auto param = gradFn.getArgAttrOfType<StringAttr>(i, TgDialect::kParamAttr);
    auto input = gradFn.getArgAttrOfType<StringAttr>(i, TgDialect::kInputAttr);
    if (!param == !input) {
      gradFn.emitError("tg-make-train-step: argument #")
          << i << " of @" << gradName
          << " needs exactly one of tg.param and tg.input";
      return signalPassFailure();
    }
    (param ? paramArgs : inputArgs).push_back(i);
    argNames.insert((param ? param : input).getValue());
  }

  // The trained params, their gradient results and their state, in order.
  SmallVector<std::string> trainedNames;
  SmallVector<unsigned> trainedArgs, gradientResults;
  for (unsigned i : paramArgs) {
    if (!isFloatTensor(gradFn.getArgument(i).getType()))
      continue;
    std::string name =
        gradFn.getArgAttrOfType<StringAttr>(i, TgDialect::kParamAttr).str();
    auto found = resultIndex.find("grad." + name);
    if (found == resultIndex.end()) {
      gradFn.emitError("tg-make-train-step: @")
          << gradName << " has no result 'grad." << name
          << "'; was it made by tg-autodiff from @" << fn.getSymName() << "?";
      return signalPassFailure();
    }
    trainedNames.push_back(name);
    trainedArgs.push_back(i);
    gradientResults.push_back(found->second);
  }
  // State, in argument order: one group of per-param slots per kind, then
  // the step count.
  SmallVector<std::string> perParamKinds;
  if (optimizer == "sgd" && momentum > 0)
    perParamKinds.push_back("sgd.momentum.");
  if (optimizer == "adam")
    perParamKinds = {"adam.m.", "adam.v."};
  SmallVector<StateSlot> slots;
  for (const std::string &kind : perParamKinds)
    for (auto [name, arg] : llvm::zip_equal(trainedNames, trainedArgs))
      slots.push_back({kind + name, gradFn.getArgument(arg).getType()});
  if (optimizer == "adam")
    slots.push_back({"adam.step", RankedTensorType::get(
                                      {}, Float32Type::get(&getContext()))});
  for (const StateSlot &slot : slots)
    if (argNames.contains(slot.name)) {
      fn.emitError("tg-make-train-step: the optimizer state '")
          << slot.name << "' has the name of an argument of @"
          << fn.getSymName() << "; rename that argument";
      return signalPassFailure();
    }

  // @train_step's signature: params, state, inputs.
  OpBuilder b(&getContext());
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i : paramArgs) {
    argTypes.push_back(gradFn.getArgument(i).getType());
    argAttrs.push_back(gradFn.getArgAttrDict(i));
  }
  for (const StateSlot &slot : slots) {
    argTypes.push_back(slot.type);
    argAttrs.push_back(b.getDictionaryAttr(
        {b.getNamedAttr(TgDialect::kParamAttr, b.getStringAttr(slot.name)),
         b.getNamedAttr(TgDialect::kOptimizerStateAttr, b.getUnitAttr())}));
  }
  for (unsigned i : inputArgs) {
    argTypes.push_back(gradFn.getArgument(i).getType());
    argAttrs.push_back(gradFn.getArgAttrDict(i));
  }
  auto trainFn = func::FuncOp::create(gradFn.getLoc(), kTrainStepName,
                                      b.getFunctionType(argTypes, {}));
  SymbolTable(module).insert(trainFn, std::next(gradFn->getIterator()));
  for (auto [i, attrs] : llvm::enumerate(argAttrs))
    if (attrs)
      trainFn.setArgAttrs(i, attrs);
  Block *body = trainFn.addEntryBlock();

  // @f_grad's body, inlined.
  IRMapping mapping;
  unsigned next = 0;
  for (unsigned i : paramArgs)
    mapping.map(gradFn.getArgument(i), body->getArgument(next++));
  unsigned firstState = next;
  next += slots.size();
  for (unsigned i : inputArgs)
    mapping.map(gradFn.getArgument(i), body->getArgument(next++));
  b.setInsertionPointToEnd(body);
  for (Operation &op : gradFn.front().without_terminator())
    b.clone(op, mapping);
  auto gradReturn = cast<func::ReturnOp>(gradFn.front().getTerminator());
  auto returned = [&](unsigned result) {
    return mapping.lookupOrDefault(gradReturn.getOperand(result));
  };

  SmallVector<Trained> trained;
  for (auto [k, name] : llvm::enumerate(trainedNames)) {
    Trained entry{name,
                  mapping.lookup(gradFn.getArgument(trainedArgs[k])),
                  returned(gradientResults[k]),
                  {}};
    for (size_t kind = 0; kind < perParamKinds.size(); ++kind)
      entry.state.push_back(
          body->getArgument(firstState + kind * trainedNames.size() + k));
    trained.push_back(std::move(entry));
  }

  // The updates. `newState` follows the state arguments' order.
  SmallVector<Value> newParams;
  SmallVector<Value> newState(slots.size());
  Value t; // adam's step number, t = step + 1, as f32
  // 1 - beta1^t and sqrt(1 - beta2^t) per element type.
  llvm::DenseMap<Type, std::pair<Value, Value>> biasCorrections;
  if (optimizer == "adam") {
    Location loc = NameLoc::get(b.getStringAttr("adam.step"));
    Value step = body->getArgument(firstState + slots.size() - 1);
    t = b.create<AddOp>(loc, step, scalar(b, loc, b.getF32Type(), 1.0))
            .getResult();
    newState.back() = t;
  }
  for (auto [k, p] : llvm::enumerate(trained)) {
    Location loc = NameLoc::get(b.getStringAttr(optimizer + "." + p.name));
    Type element = cast<RankedTensorType>(p.param.getType()).getElementType();
    auto constant = [&](double v) { return scalar(b, loc, element, v); };
    auto mul = [&](Value x, Value y) {
      return b.create<MulOp>(loc, x, y).getResult();
    };
    auto add = [&](Value x, Value y) {
      return b.create<AddOp>(loc, x, y).getResult();
    };
    Value g = p.gradient;
    if (weightDecay > 0)
      g = add(g, mul(constant(weightDecay), p.param));

    if (optimizer == "sgd") {
      if (momentum > 0) {
        g = add(mul(constant(momentum), p.state[0]), g);
        newState[k] = g;
      }
      newParams.push_back(
          b.create<SubOp>(loc, p.param, mul(constant(lr), g)).getResult());
      continue;
    }

    // adam. The bias corrections once per element type, in that type.
    std::pair<Value, Value> &corrections = biasCorrections[element];
    if (!corrections.first) {
      Location stepLoc = NameLoc::get(b.getStringAttr("adam.step"));
      Value te = t;
      if (!element.isF32())
        te = b.create<CastOp>(stepLoc, RankedTensorType::get({}, element), t)
                 .getResult();
      Value one = scalar(b, stepLoc, element, 1.0);
      auto correction = [&](double beta) {
        Value power =
            b.create<PowOp>(stepLoc, scalar(b, stepLoc, element, beta), te);
        return b.create<SubOp>(stepLoc, one, power).getResult();
      };
      corrections = {correction(beta1),
                     b.create<SqrtOp>(stepLoc, correction(beta2)).getResult()};
    }
    auto [bc1, sqrtBc2] = corrections;
    auto div = [&](Value x, Value y) {
      return b.create<DivOp>(loc, x, y).getResult();
    };
    // One op per statement, so the IR's order does not depend on the
    // compiler's order of evaluating arguments.
    Value oldM = mul(constant(beta1), p.state[0]);
    Value m = add(oldM, mul(constant(1.0 - beta1), g));
    Value g2 = mul(g, g);
    Value oldV = mul(constant(beta2), p.state[1]);
    Value v = add(oldV, mul(constant(1.0 - beta2), g2));
    newState[k] = m;
    newState[trained.size() + k] = v;
    Value vHat = div(b.create<SqrtOp>(loc, v).getResult(), sqrtBc2);
    Value denom = add(vHat, constant(epsilon));
    Value stepSize = div(constant(lr), bc1);
    Value update = mul(stepSize, div(m, denom));
    newParams.push_back(b.create<SubOp>(loc, p.param, update).getResult());
  }

  // Return the loss, new params, new state, all named.
  SmallVector<Value> results = {returned(0)};
  SmallVector<Attribute> names = {b.getStringAttr(lossName)};
  for (auto [p, value] : llvm::zip_equal(trained, newParams)) {
    results.push_back(value);
    names.push_back(b.getStringAttr("new." + p.name));
  }
  for (auto [slot, value] : llvm::zip_equal(slots, newState)) {
    results.push_back(value);
    names.push_back(b.getStringAttr("new." + slot.name));
  }
  b.create<func::ReturnOp>(gradReturn.getLoc(), results);
  trainFn.setFunctionType(
      b.getFunctionType(argTypes, ValueRange(results).getTypes()));
  trainFn->setAttr(TgDialect::kResultNamesAttr, b.getArrayAttr(names));

  // Drop what only @f's other results read.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isOpTriviallyDead(&op))
      op.erase();
}

} // namespace
