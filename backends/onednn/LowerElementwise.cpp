//===- LowerElementwise.cpp - elementwise tg ops to CPU kernels -----------===//

#include "backends/onednn/Lowering.h"
#include "backends/onednn/kernels/ElementwiseKernels.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

template <typename OpT>
void addUnary(LoweringTable &table, UnaryFn fn) {
  table.add<OpT>([fn](OpT op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeUnaryKernel(fn, dtypeOf(op.getResult())), op);
  });
}

template <typename OpT>
void addBinary(LoweringTable &table, BinaryFn fn) {
  table.add<OpT>([fn](OpT op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeBinaryKernel(fn, dtypeOf(op.getResult()),
                                    shapeOf(op.getLhs()), shapeOf(op.getRhs()),
                                    shapeOf(op.getResult())),
                   op);
  });
}

CompareFn compareFn(CompareDirection direction) {
  switch (direction) {
  case CompareDirection::EQ: return CompareFn::Eq;
  case CompareDirection::NE: return CompareFn::Ne;
  case CompareDirection::LT: return CompareFn::Lt;
  case CompareDirection::LE: return CompareFn::Le;
  case CompareDirection::GT: return CompareFn::Gt;
  case CompareDirection::GE: return CompareFn::Ge;
  }
  return CompareFn::Eq;
}

} // namespace

void registerElementwiseLowerings(LoweringTable &table) {
  addBinary<AddOp>(table, BinaryFn::Add);
  addBinary<SubOp>(table, BinaryFn::Sub);
  addBinary<MulOp>(table, BinaryFn::Mul);
  addBinary<DivOp>(table, BinaryFn::Div);
  addBinary<MaxOp>(table, BinaryFn::Max);
  addBinary<MinOp>(table, BinaryFn::Min);
  addBinary<PowOp>(table, BinaryFn::Pow);
  addUnary<NegOp>(table, UnaryFn::Neg);
  addUnary<AbsOp>(table, UnaryFn::Abs);
  addUnary<ExpOp>(table, UnaryFn::Exp);
  addUnary<LogOp>(table, UnaryFn::Log);
  addUnary<SqrtOp>(table, UnaryFn::Sqrt);
  addUnary<RsqrtOp>(table, UnaryFn::Rsqrt);
  addUnary<TanhOp>(table, UnaryFn::Tanh);
  addUnary<SigmoidOp>(table, UnaryFn::Sigmoid);
  addUnary<ReluOp>(table, UnaryFn::Relu);
  addUnary<ErfOp>(table, UnaryFn::Erf);
  addUnary<SinOp>(table, UnaryFn::Sin);
  addUnary<CosOp>(table, UnaryFn::Cos);
  addUnary<StopGradientOp>(table, UnaryFn::Copy);
  table.add<GeluOp>([](GeluOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    UnaryFn fn = op.getApproximate() == GeluApproximation::Tanh ? UnaryFn::GeluTanh
                                                                : UnaryFn::GeluErf;
    return nonNull(makeUnaryKernel(fn, dtypeOf(op.getResult())), op);
  });
  table.add<CompareOp>([](CompareOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeCompareKernel(compareFn(op.getDirection()),
                                     dtypeOf(op.getLhs()), shapeOf(op.getLhs()),
                                     shapeOf(op.getRhs()), shapeOf(op.getResult())),
                   op);
  });
  table.add<SelectOp>([](SelectOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeSelectKernel(dtypeOf(op.getResult()),
                                    {shapeOf(op.getCondition()),
                                     shapeOf(op.getOnTrue()),
                                     shapeOf(op.getOnFalse())},
                                    shapeOf(op.getResult())),
                   op);
  });
  table.add<CastOp>([](CastOp op) -> absl::StatusOr<std::unique_ptr<Kernel>> {
    return nonNull(makeCastKernel(dtypeOf(op.getOperand()), dtypeOf(op.getResult())),
                   op);
  });
}

} // namespace tgc::onednn
