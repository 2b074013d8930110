//===- LowerElementwise.cpp - elementwise tg ops to CPU kernels -----------===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <optional>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

/// The unary function of an elementwise op, if it is one.
std::optional<UnaryFn> unaryFnOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<UnaryFn>>(op)
      .Case<NegOp>([](auto) { return UnaryFn::Neg; })
      .Case<AbsOp>([](auto) { return UnaryFn::Abs; })
      .Case<ExpOp>([](auto) { return UnaryFn::Exp; })
      .Case<LogOp>([](auto) { return UnaryFn::Log; })
      .Case<SqrtOp>([](auto) { return UnaryFn::Sqrt; })
      .Case<RsqrtOp>([](auto) { return UnaryFn::Rsqrt; })
      .Case<TanhOp>([](auto) { return UnaryFn::Tanh; })
      .Case<SigmoidOp>([](auto) { return UnaryFn::Sigmoid; })
      .Case<ReluOp>([](auto) { return UnaryFn::Relu; })
      .Case<ErfOp>([](auto) { return UnaryFn::Erf; })
      .Case<SinOp>([](auto) { return UnaryFn::Sin; })
      .Case<CosOp>([](auto) { return UnaryFn::Cos; })
      .Case<StopGradientOp>([](auto) { return UnaryFn::Copy; })
      .Case<GeluOp>([](GeluOp gelu) {
        return gelu.getApproximate() == GeluApproximation::Tanh
                   ? UnaryFn::GeluTanh
                   : UnaryFn::GeluErf;
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// The binary function of an elementwise op, if it is one.
std::optional<BinaryFn> binaryFnOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<BinaryFn>>(op)
      .Case<AddOp>([](auto) { return BinaryFn::Add; })
      .Case<SubOp>([](auto) { return BinaryFn::Sub; })
      .Case<MulOp>([](auto) { return BinaryFn::Mul; })
      .Case<DivOp>([](auto) { return BinaryFn::Div; })
      .Case<MaxOp>([](auto) { return BinaryFn::Max; })
      .Case<MinOp>([](auto) { return BinaryFn::Min; })
      .Case<PowOp>([](auto) { return BinaryFn::Pow; })
      .Default([](Operation *) { return std::nullopt; });
}

template <typename OpT>
void addUnary(LoweringTable &table) {
  table.add<OpT>([](OpT op) -> absl::StatusOr<KernelSpec> {
    return UnarySpec{*unaryFnOf(op), dtypeOf(op.getResult())};
  });
}

template <typename OpT>
void addBinary(LoweringTable &table, BinaryFn fn) {
  table.add<OpT>([fn](OpT op) -> absl::StatusOr<KernelSpec> {
    return BinarySpec{fn, dtypeOf(op.getResult()), shapeOf(op.getLhs()),
                      shapeOf(op.getRhs()), shapeOf(op.getResult())};
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

/// tg.fused_elementwise: its body as straight-line register code. Bodies
/// whose values are all f32 or i1 are supported.
absl::StatusOr<KernelSpec> lowerFusedElementwise(FusedElementwiseOp op) {
  // Values are computed in double: f32 and i1 exactly, and integer inputs
  // (up to 2^53) as long as the body only casts them to f32 or i1.
  auto unsupported = [&](Value value) {
    std::string type;
    llvm::raw_string_ostream os(type);
    os << value.getType();
    return absl::UnimplementedError(
        "onednn runs fused_elementwise bodies of f32 and i1 values, got " +
        type);
  };
  auto f32OrBool = [](Value v) {
    DType t = dtypeOf(v);
    return t == DType::F32 || t == DType::I1;
  };
  auto loadable = [&](Value v) {
    DType t = dtypeOf(v);
    return f32OrBool(v) || t == DType::I32 || t == DType::I64;
  };
  ElementwiseProgram program;
  Block &body = op.getBody().front();
  llvm::DenseMap<Value, int> registers;
  for (auto [i, input] : llvm::enumerate(op.getInputs())) {
    if (!loadable(input))
      return unsupported(input);
    program.inputShapes.push_back(shapeOf(input));
    program.inputTypes.push_back(dtypeOf(input));
    registers[body.getArgument(i)] = static_cast<int>(i);
  }
  program.outShape = shapeOf(op.getResult());
  program.outType = dtypeOf(op.getResult());
  if (!f32OrBool(op.getResult()))
    return unsupported(op.getResult());
  using Kind = ElementwiseInstruction::Kind;
  for (Operation &inner : body) {
    if (auto yield = dyn_cast<YieldOp>(inner)) {
      program.result = registers.at(yield.getValue());
      break;
    }
    if (inner.getNumResults() != 1 || !f32OrBool(inner.getResult(0)))
      return unsupported(inner.getResult(0));
    for (Value operand : inner.getOperands())
      if (!f32OrBool(operand) && !isa<CastOp>(inner))
        return unsupported(operand);
    ElementwiseInstruction ins;
    for (Value operand : inner.getOperands())
      ins.operands.push_back(registers.at(operand));
    if (std::optional<UnaryFn> fn = unaryFnOf(&inner)) {
      ins.kind = Kind::Unary;
      ins.unary = *fn;
    } else if (std::optional<BinaryFn> fn = binaryFnOf(&inner)) {
      ins.kind = Kind::Binary;
      ins.binary = *fn;
    } else if (auto cmp = dyn_cast<CompareOp>(inner)) {
      ins.kind = Kind::Compare;
      ins.compare = compareFn(cmp.getDirection());
    } else if (isa<SelectOp>(inner)) {
      ins.kind = Kind::Select;
    } else if (auto cast = dyn_cast<CastOp>(inner)) {
      ins.kind = dtypeOf(cast.getResult()) == DType::I1 ? Kind::ToBool : Kind::ToF32;
    } else if (auto constant = dyn_cast<ConstantOp>(inner)) {
      auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
      if (!dense || !dense.isSplat())
        return unsupported(constant.getResult());
      ins.kind = Kind::Constant;
      ins.constant = dtypeOf(constant.getResult()) == DType::F32
                         ? dense.getSplatValue<APFloat>().convertToDouble()
                         : double(dense.getSplatValue<APInt>().getZExtValue());
    } else {
      return unsupported(inner.getResult(0));
    }
    registers[inner.getResult(0)] =
        static_cast<int>(program.inputShapes.size() + program.instructions.size());
    program.instructions.push_back(ins);
  }
  return program;
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
  addUnary<NegOp>(table);
  addUnary<AbsOp>(table);
  addUnary<ExpOp>(table);
  addUnary<LogOp>(table);
  addUnary<SqrtOp>(table);
  addUnary<RsqrtOp>(table);
  addUnary<TanhOp>(table);
  addUnary<SigmoidOp>(table);
  addUnary<ReluOp>(table);
  addUnary<ErfOp>(table);
  addUnary<SinOp>(table);
  addUnary<CosOp>(table);
  addUnary<StopGradientOp>(table);
  addUnary<GeluOp>(table);
  table.add<FusedElementwiseOp>(lowerFusedElementwise);
  table.add<CompareOp>([](CompareOp op) -> absl::StatusOr<KernelSpec> {
    return CompareSpec{compareFn(op.getDirection()), dtypeOf(op.getLhs()),
                       shapeOf(op.getLhs()), shapeOf(op.getRhs()),
                       shapeOf(op.getResult())};
  });
  table.add<SelectOp>([](SelectOp op) -> absl::StatusOr<KernelSpec> {
    return SelectSpec{dtypeOf(op.getResult()),
                      {shapeOf(op.getCondition()), shapeOf(op.getOnTrue()),
                       shapeOf(op.getOnFalse())},
                      shapeOf(op.getResult())};
  });
  table.add<CastOp>([](CastOp op) -> absl::StatusOr<KernelSpec> {
    return CastSpec{dtypeOf(op.getOperand()), dtypeOf(op.getResult())};
  });
}

} // namespace tgc::onednn
