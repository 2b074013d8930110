//===- FuseElementwise.cpp - elementwise chains into tg.fused_elementwise -===//
//
//   %0 = tg.mul %a, %b            %1 = tg.fused_elementwise %a, %b {
//   %1 = tg.tanh %0          ->   ^bb0(%x, %y):  tg.mul, tg.tanh on rank-0
//                                   tensors; tg.yield }
//
// Ops are found by the Tg_ElementwiseOp trait, never by name. A group grows
// from its last op (the only one whose value leaves the group) towards its
// producers, to a fixpoint, so DAGs (x used by two ops of the chain) fuse
// too. Every op of a group has the group's result shape: values of smaller
// shapes enter as operands of the fused op and broadcast there, exactly as
// they broadcast in the op that read them. Expects static shapes and runs
// last in the fuse phase, so the chains library ops cover are gone already.
//
//===----------------------------------------------------------------------===//

#include "passes/FusionReport.h"
#include "passes/Passes.h"

#include "ir/ShapeFunctions.h"
#include "ir/TgOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace tgc {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

RankedTensorType resultType(Operation *op) {
  return cast<RankedTensorType>(op->getResult(0).getType());
}

RankedTensorType scalarType(Type elementType) {
  return RankedTensorType::get({}, elementType);
}

/// Chains are float math (activations, cell updates, optimizer steps):
/// an op joins when its result and operands are floats or i1 masks.
/// Integer arithmetic (index computations) stays as single ops, which
/// every backend runs exactly.
bool isFloatOrBool(Type type) {
  Type element = getElementTypeOrSelf(type);
  return isa<FloatType>(element) || element.isInteger(1);
}

bool isElementwise(Operation *op) {
  return op->hasTrait<tgc::tg::OpTrait::ElementwiseOp>() &&
         op->getNumResults() == 1 &&
         llvm::all_of(op->getOperandTypes(), isFloatOrBool) &&
         isFloatOrBool(op->getResult(0).getType());
}

/// The splat value of a constant read by the chain, which can become a
/// rank-0 tg.constant in the body; null otherwise.
DenseElementsAttr splatConstant(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  if (!constant)
    return {};
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  return dense && dense.isSplat() ? dense : DenseElementsAttr();
}

struct FuseElementwisePass
    : tgc::impl::FuseElementwisePassBase<FuseElementwisePass> {
  using FuseElementwisePassBase::FuseElementwisePassBase;

  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      llvm::DenseSet<Operation *> grouped;
      SmallVector<SmallVector<Operation *>> groups;
      // From the end, so each group's root is the last op of its chain and
      // every consumer of an op has been placed before the op is reached.
      for (Operation &op : llvm::reverse(block)) {
        if (!isElementwise(&op) || grouped.contains(&op))
          continue;
        SmallVector<Operation *> group = grow(&op, grouped);
        for (Operation *member : group)
          grouped.insert(member);
        if (group.size() >= 2)
          groups.push_back(std::move(group));
      }
      for (ArrayRef<Operation *> group : groups)
        fuse(group);
    }
  }

  /// The largest group rooted at `root`: its ops in program order, the root
  /// last. Producers it leaves out get a remark with `report`.
  SmallVector<Operation *> grow(Operation *root,
                                const llvm::DenseSet<Operation *> &grouped) {
    ArrayRef<int64_t> shape = resultType(root).getShape();
    llvm::SetVector<Operation *> members;
    members.insert(root);
    llvm::MapVector<Operation *, std::string> leftOut;
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t i = 0; i < members.size(); ++i) {
        for (Value operand : members[i]->getOperands()) {
          Operation *producer = operand.getDefiningOp();
          if (!producer || members.contains(producer) ||
              grouped.contains(producer) || !isElementwise(producer) ||
              producer->getBlock() != root->getBlock())
            continue;
          if (resultType(producer).getShape() != shape) {
            std::string reason;
            llvm::raw_string_ostream os(reason);
            os << "its result (" << resultType(producer)
               << ") is broadcast to the chain's shape (" << resultType(root)
               << ")";
            leftOut[producer] = reason;
            continue;
          }
          Operation *outsider = nullptr;
          for (Operation *user : producer->getUsers())
            if (!members.contains(user))
              outsider = user;
          if (outsider) {
            leftOut[producer] = ("its result is also used outside the chain, "
                                 "by " +
                                 outsider->getName().getStringRef())
                                    .str();
            continue;
          }
          members.insert(producer);
          leftOut.erase(producer);
          changed = true;
        }
      }
    }
    if (report)
      for (auto &[producer, reason] : leftOut)
        tgc::remarkNotFused(producer, FusedElementwiseOp::getOperationName(),
                            reason);
    SmallVector<Operation *> ops(members.begin(), members.end());
    llvm::sort(ops, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    return ops;
  }

  /// Replaces `ops` (program order, root last) with one tg.fused_elementwise.
  void fuse(ArrayRef<Operation *> ops) {
    Operation *root = ops.back();
    RankedTensorType type = resultType(root);
    llvm::DenseSet<Operation *> members(ops.begin(), ops.end());

    // The values the chain reads from outside, in first-use order.
    llvm::SetVector<Value> external;
    for (Operation *op : ops)
      for (Value operand : op->getOperands())
        if (!members.contains(operand.getDefiningOp()))
          external.insert(operand);
    // Splat constants go into the body, unless the remaining operands would
    // then no longer broadcast to the result (fused_elementwise_c2): a
    // constant can be what gives the chain its shape.
    SmallVector<Value> inputs;
    for (Value v : external)
      if (!splatConstant(v))
        inputs.push_back(v);
    std::optional<SmallVector<int64_t>> shape = SmallVector<int64_t>();
    for (Value v : inputs)
      if (shape)
        shape = tgc::tg::broadcastShapes(
            *shape, cast<RankedTensorType>(v.getType()).getShape());
    if (inputs.empty() || !shape || ArrayRef<int64_t>(*shape) != type.getShape())
      inputs.assign(external.begin(), external.end());

    SmallVector<Operation *> replaced = {root};
    replaced.append(ops.begin(), ops.end() - 1);
    OpBuilder builder(root);
    auto fused = builder.create<FusedElementwiseOp>(
        tgc::fusedLocation(replaced), type, inputs);
    Block *body = new Block();
    fused.getBody().push_back(body);
    IRMapping mapping;
    for (Value input : inputs)
      mapping.map(input, body->addArgument(
                             scalarType(cast<RankedTensorType>(input.getType())
                                            .getElementType()),
                             input.getLoc()));
    OpBuilder bodyBuilder = OpBuilder::atBlockEnd(body);
    for (Value v : external)
      if (!mapping.contains(v)) {
        DenseElementsAttr splat = splatConstant(v);
        mapping.map(v, bodyBuilder.create<ConstantOp>(
                           v.getLoc(),
                           splat.resizeSplat(scalarType(splat.getElementType()))));
      }
    for (Operation *op : ops) {
      Operation *clone = bodyBuilder.clone(*op, mapping);
      Value result = clone->getResult(0);
      result.setType(scalarType(resultType(op).getElementType()));
    }
    bodyBuilder.create<YieldOp>(root->getLoc(), mapping.lookup(root->getResult(0)));
    if (report)
      tgc::remarkFused(fused, replaced);

    root->getResult(0).replaceAllUsesWith(fused.getResult());
    for (Operation *op : llvm::reverse(ops))
      op->erase();
    for (Value v : external)
      if (Operation *constant = v.getDefiningOp<ConstantOp>();
          constant && constant->use_empty())
        constant->erase();
  }
};

} // namespace
