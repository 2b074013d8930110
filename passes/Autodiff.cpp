//===- Autodiff.cpp - reverse-mode differentiation of tg functions --------===//
//
//   @f(params, inputs) -> (loss, ...)
//     ->  @f_grad(params, inputs) -> (loss, ..., grad.<param>...,
//                                     grad_input.<input>...)
//
// @f_grad is @f's body followed by a reverse walk over its ops. Each op on a
// path from a differentiated argument to the loss builds its operands'
// cotangents through VjpOpInterface; the walk (tg::activeValues and
// tg::backpropagate, ir/TgVjp.cpp) knows no op by name. Cotangents reaching
// a value from several uses are summed with tg.add.
//
// Fused ops (tg.attention, tg.add_layer_norm, tg.fused_matmul,
// tg.fused_elementwise) have rules of their own, so the input may be
// optimized IR. Recurrent ops have none: @f_grad (not @f) is first run
// through tg-decompose-rnn and differentiated as the per-step ops, whose
// activations the backward then reads; a backend with a recurrent backward
// kernel would want a tg.lstm rule instead.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/SetVector.h"

namespace tgc {
#define GEN_PASS_DEF_AUTODIFFPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

Value filled(OpBuilder &b, Location loc, Type type, double v) {
  auto tensor = cast<RankedTensorType>(type);
  auto attr = DenseElementsAttr::get(
      tensor, b.getFloatAttr(tensor.getElementType(), v));
  return b.create<ConstantOp>(loc, tensor, attr);
}

/// One argument to differentiate and the name of its gradient result.
struct Target {
  BlockArgument arg;
  std::string kind; // "parameter" or "input"
  std::string name;
  std::string resultName;
};

struct AutodiffPass : tgc::impl::AutodiffPassBase<AutodiffPass> {
  using AutodiffPassBase::AutodiffPassBase;

  void runOnOperation() override {
    auto module = dyn_cast<ModuleOp>(getOperation());
    if (!module) {
      getOperation()->emitError("tg-autodiff: runs on a builtin.module");
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : functions)
      if (failed(differentiate(module, fn)))
        return signalPassFailure();
  }

  LogicalResult differentiate(ModuleOp module, func::FuncOp fn);
};

LogicalResult AutodiffPass::differentiate(ModuleOp module, func::FuncOp fn) {
  FunctionType type = fn.getFunctionType();
  if (fn.isExternal())
    return success();
  if (type.getNumResults() == 0)
    return fn.emitError("tg-autodiff: @")
           << fn.getSymName() << " has no results; result 0 must be the loss";
  auto lossType = dyn_cast<RankedTensorType>(type.getResult(0));
  if (!lossType || lossType.getRank() != 0 || !isFloatTensor(lossType))
    return fn.emitError("tg-autodiff: result 0 of @")
           << fn.getSymName()
           << " (the loss) must be a rank-0 float tensor, got "
           << type.getResult(0);
  std::string gradName = (fn.getSymName() + "_grad").str();
  if (SymbolTable::lookupSymbolIn(module, gradName))
    return fn.emitError("tg-autodiff: @") << gradName << " already exists";

  // The gradient function starts as a copy of the forward one.
  auto gradFn = cast<func::FuncOp>(fn->clone());
  gradFn.setSymName(gradName);
  SymbolTable(module).insert(gradFn, std::next(fn->getIterator()));
  // tg.lstm and tg.gru are differentiated through their per-step ops.
  OpPassManager decompose(func::FuncOp::getOperationName());
  decompose.addPass(tgc::createDecomposeRnnPass());
  if (failed(runPipeline(decompose, gradFn))) {
    gradFn.erase();
    return failure();
  }
  Block &body = gradFn.front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());

  // Arguments to differentiate: float params in order, then chosen inputs.
  SmallVector<Target> targets;
  for (BlockArgument arg : body.getArguments())
    if (auto name = gradFn.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        TgDialect::kParamAttr))
      if (isFloatTensor(arg.getType()))
        targets.push_back({arg, "parameter", name.str(),
                           ("grad." + name.getValue()).str()});
  for (const std::string &wanted : inputs) {
    BlockArgument found;
    for (BlockArgument arg : body.getArguments())
      if (auto name = gradFn.getArgAttrOfType<StringAttr>(
              arg.getArgNumber(), TgDialect::kInputAttr))
        if (name.getValue() == wanted)
          found = arg;
    if (!found || !isFloatTensor(found.getType())) {
      fn.emitError("tg-autodiff: @")
          << fn.getSymName() << " has no float input named '" << wanted
          << "' to differentiate";
      gradFn.erase();
      return failure();
    }
    targets.push_back(
        {found, "input", wanted, "grad_input." + wanted});
  }

  // Forward: the float values that depend on a target ("active"), and the
  // ops where an active value flows into integer or boolean results only.
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);
  llvm::DenseSet<Operation *> cuts;
  auto cut = [&](Operation *op) { cuts.insert(op); };
  SmallVector<Value> seeds;
  for (const Target &t : targets)
    seeds.push_back(t.arg);
  llvm::DenseSet<Value> active = activeValues(forward, seeds, cut);

  // Backward: seed d loss = 1 and walk the ops in reverse.
  OpBuilder b(ret);
  Value loss = ret.getOperand(0);
  llvm::DenseMap<Value, Value> cotangent;
  cotangent[loss] = filled(b, ret.getLoc(), loss.getType(), 1.0);
  if (failed(backpropagate(b, forward, active, cotangent, cut))) {
    gradFn.erase();
    return failure();
  }

  // The ops whose results the loss reads, directly or not.
  llvm::DenseSet<Operation *> feedsLoss;
  SmallVector<Value> work = {loss};
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (!def || !feedsLoss.insert(def).second)
      continue;
    llvm::append_range(work, def->getOperands());
  }

  // The first op on a path from `arg` that cut it off from the loss.
  auto findCut = [&](Value arg) -> Operation * {
    llvm::SetVector<Operation *> seen;
    SmallVector<Value> values = {arg};
    while (!values.empty()) {
      Value v = values.pop_back_val();
      for (Operation *user : v.getUsers()) {
        user = body.findAncestorOpInBlock(*user);
        if (!user || isa<func::ReturnOp>(user) || !seen.insert(user))
          continue;
        if (cuts.contains(user) && feedsLoss.contains(user))
          return user;
        for (Value r : user->getResults())
          if (isFloatTensor(r.getType()))
            values.push_back(r);
      }
    }
    return nullptr;
  };

  SmallVector<Value> results(ret.getOperands());
  SmallVector<Attribute> names;
  if (auto given = fn->getAttrOfType<ArrayAttr>(TgDialect::kResultNamesAttr))
    llvm::append_range(names, given.getValue());
  else
    for (unsigned i = 0; i < type.getNumResults(); ++i)
      names.push_back(b.getStringAttr("result" + std::to_string(i)));
  for (const Target &t : targets) {
    Value g = cotangent.lookup(t.arg);
    if (!g) {
      g = filled(b, ret.getLoc(), t.arg.getType(), 0.0);
      if (Operation *cut = findCut(t.arg))
        cut->emitWarning("tg-autodiff: ")
            << t.kind << " '" << t.name
            << "' gets a zero gradient: its path to the loss is cut by '"
            << cut->getName() << "'";
      else
        fn.emitWarning("tg-autodiff: ")
            << t.kind << " '" << t.name
            << "' gets a zero gradient: the loss does not depend on it";
    }
    results.push_back(g);
    names.push_back(b.getStringAttr(t.resultName));
  }
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  gradFn.setFunctionType(
      FunctionType::get(&getContext(), type.getInputs(),
                        ValueRange(results).getTypes()));
  gradFn->setAttr(TgDialect::kResultNamesAttr, b.getArrayAttr(names));

  // Drop what the rules built but nothing reads (cotangents of inactive
  // operands, unused recomputations).
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (isOpTriviallyDead(&op))
      op.erase();
  return success();
}

} // namespace
