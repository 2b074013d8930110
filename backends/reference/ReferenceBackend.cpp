//===- ReferenceBackend.cpp - the float64 oracle --------------------------===//

#include "backends/reference/ReferenceBackend.h"

#include "backends/reference/Kernels.h"
#include "ir/ProgramSignature.h"
#include "runtime/DType.h"

#include "absl/strings/str_cat.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace tgc::reference {
namespace {

const KernelTable &kernelTable() {
  static const KernelTable table = [] {
    KernelTable t;
    registerElementwiseKernels(t);
    registerLinearAlgebraKernels(t);
    registerReductionKernels(t);
    registerNormalizationKernels(t);
    registerShapeKernels(t);
    registerRandomKernels(t);
    registerLossKernels(t);
    registerRnnKernels(t);
    registerFusedKernels(t);
    registerElementwiseRegionKernels(t);
    return t;
  }();
  return table;
}

/// A host tensor widened to float64 / int64.
RefValue fromTensor(const Tensor &t, RankedTensorType type) {
  RefValue v = RefValue::zeros(type);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    switch (t.dtype()) {
    case DType::F32: v.floats[i] = t.dataAs<float>()[i]; break;
    case DType::F64: v.floats[i] = t.dataAs<double>()[i]; break;
    case DType::F16: v.floats[i] = halfToFloat(t.dataAs<uint16_t>()[i]); break;
    case DType::BF16: v.floats[i] = bf16ToFloat(t.dataAs<uint16_t>()[i]); break;
    case DType::I1: v.ints[i] = t.dataAs<uint8_t>()[i] != 0; break;
    case DType::I32: v.ints[i] = t.dataAs<int32_t>()[i]; break;
    case DType::I64: v.ints[i] = t.dataAs<int64_t>()[i]; break;
    }
  }
  return v;
}

} // namespace

bool isSupported(Operation *op) { return kernelTable().lookup(op) != nullptr; }

Tensor toTensor(const RefValue &value) {
  // Result types were checked by signatureOf before evaluation.
  DType dtype = *tg::dtypeOf(value.type.getElementType(), "result");
  Tensor t = Tensor::allocate(
      dtype, std::vector<int64_t>(value.shape().begin(), value.shape().end()));
  for (int64_t i = 0; i < value.size(); ++i) {
    switch (dtype) {
    case DType::F32: t.dataAs<float>()[i] = static_cast<float>(value.floats[i]); break;
    case DType::F64: t.dataAs<double>()[i] = value.floats[i]; break;
    case DType::F16: t.dataAs<uint16_t>()[i] = doubleToHalf(value.floats[i]); break;
    case DType::BF16: t.dataAs<uint16_t>()[i] = doubleToBF16(value.floats[i]); break;
    case DType::I1: t.dataAs<uint8_t>()[i] = value.ints[i] != 0; break;
    case DType::I32: t.dataAs<int32_t>()[i] = static_cast<int32_t>(value.ints[i]); break;
    case DType::I64: t.dataAs<int64_t>()[i] = value.ints[i]; break;
    }
  }
  return t;
}

absl::StatusOr<std::vector<RefValue>>
evaluateInFloat64(func::FuncOp fn, llvm::ArrayRef<Tensor> args,
                  const OpObserver &observer) {
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return signature.status();
  if (args.size() != signature->arguments.size())
    return absl::InvalidArgumentError(
        absl::StrCat("@", fn.getSymName().str(), " takes ",
                     signature->arguments.size(), " arguments, got ",
                     args.size()));

  llvm::DenseMap<Value, RefValue> values;
  for (auto [i, arg] : llvm::enumerate(fn.getArguments())) {
    const ArgumentSpec &spec = signature->arguments[i];
    if (absl::Status s = checkTensorMatches(
            spec.tensor, args[i], absl::StrCat("argument '", spec.tensor.name, "'"));
        !s.ok())
      return s;
    values[arg] = fromTensor(args[i], cast<RankedTensorType>(arg.getType()));
  }

  if (!fn.getBody().hasOneBlock())
    return absl::InvalidArgumentError(absl::StrCat(
        "@", fn.getSymName().str(), ": the reference backend runs single-block "
                                    "functions"));
  int64_t opIndex = -1;
  for (Operation &op : fn.getBody().front()) {
    ++opIndex;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      std::vector<RefValue> results;
      for (Value v : ret.getOperands())
        results.push_back(values.at(v));
      return results;
    }
    const Kernel *kernel = kernelTable().lookup(&op);
    if (!kernel)
      return evaluationError(&op, "is not supported by the reference backend");
    llvm::SmallVector<const RefValue *> operands;
    for (Value v : op.getOperands())
      operands.push_back(&values.at(v));
    absl::StatusOr<std::vector<RefValue>> results = (*kernel)(&op, operands);
    if (!results.ok())
      return results.status();
    if (observer)
      observer(opIndex, &op, *results);
    for (auto [result, value] : llvm::zip_equal(op.getResults(), *results))
      values[result] = std::move(value);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "@", fn.getSymName().str(), " has no return"));
}

absl::StatusOr<std::vector<RefValue>> evaluateOpInFloat64(Operation *op,
                                                          llvm::ArrayRef<Tensor> operands) {
  const Kernel *kernel = kernelTable().lookup(op);
  if (!kernel)
    return evaluationError(op, "is not supported by the reference backend");
  if (operands.size() != op->getNumOperands())
    return evaluationError(op, absl::StrCat("takes ", op->getNumOperands(),
                                            " operands, got ", operands.size()));
  std::vector<RefValue> values;
  for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type)
      return evaluationError(op, absl::StrCat("operand ", i, " is not a ranked tensor"));
    absl::StatusOr<DType> dtype = tg::dtypeOf(type.getElementType(), "operand");
    if (!dtype.ok())
      return dtype.status();
    if (*dtype != operands[i].dtype() ||
        type.getShape() != llvm::ArrayRef<int64_t>(operands[i].shape()))
      return evaluationError(op, absl::StrCat("operand ", i, " is ",
                                              operands[i].typeString(),
                                              ", not the op's operand type"));
    values.push_back(fromTensor(operands[i], type));
  }
  llvm::SmallVector<const RefValue *> pointers;
  for (const RefValue &v : values)
    pointers.push_back(&v);
  return (*kernel)(op, pointers);
}

absl::StatusOr<std::vector<Tensor>> evaluate(func::FuncOp fn,
                                             llvm::ArrayRef<Tensor> args) {
  absl::StatusOr<std::vector<RefValue>> results = evaluateInFloat64(fn, args);
  if (!results.ok())
    return results.status();
  std::vector<Tensor> tensors;
  for (const RefValue &v : *results)
    tensors.push_back(toTensor(v));
  return tensors;
}

} // namespace tgc::reference
