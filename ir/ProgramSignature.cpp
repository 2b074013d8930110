//===- ProgramSignature.cpp - a tg function's named interface -------------===//

#include "ir/ProgramSignature.h"

#include "ir/TgDialect.h"

#include "absl/strings/str_cat.h"
#include "mlir/IR/BuiltinTypes.h"

#include <set>

using namespace mlir;

namespace tgc::tg {

absl::StatusOr<DType> dtypeOf(Type elementType, const std::string &what) {
  if (elementType.isF32()) return DType::F32;
  if (elementType.isF16()) return DType::F16;
  if (elementType.isBF16()) return DType::BF16;
  if (elementType.isF64()) return DType::F64;
  if (elementType.isInteger(1)) return DType::I1;
  if (elementType.isInteger(32)) return DType::I32;
  if (elementType.isInteger(64)) return DType::I64;
  std::string type;
  llvm::raw_string_ostream os(type);
  os << elementType;
  return absl::InvalidArgumentError(
      absl::StrCat(what, " has element type ", type, ", which tgc cannot hold"));
}

static absl::StatusOr<TensorSpec> specOf(Type type, std::string name,
                                         const std::string &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be a tensor with a static shape"));
  absl::StatusOr<DType> dtype = dtypeOf(tensor.getElementType(), what);
  if (!dtype.ok())
    return dtype.status();
  return TensorSpec{std::move(name), *dtype,
                    std::vector<int64_t>(tensor.getShape().begin(),
                                         tensor.getShape().end())};
}

absl::StatusOr<Signature> signatureOf(func::FuncOp fn) {
  std::string fnName = absl::StrCat("@", fn.getSymName().str());
  Signature signature;
  std::set<std::string> seen;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    std::string what = absl::StrCat("argument #", i, " of ", fnName);
    auto param = fn.getArgAttrOfType<StringAttr>(i, TgDialect::kParamAttr);
    auto input = fn.getArgAttrOfType<StringAttr>(i, TgDialect::kInputAttr);
    if (!param == !input)
      return absl::InvalidArgumentError(absl::StrCat(
          what, param ? " has both tg.param and tg.input"
                      : " needs a name: tg.param = \"...\" (a weight) or "
                        "tg.input = \"...\""));
    ArgumentSpec arg;
    arg.kind = param ? ArgumentKind::Param : ArgumentKind::Input;
    std::string name = (param ? param : input).getValue().str();
    absl::StatusOr<TensorSpec> spec =
        specOf(fn.getArgumentTypes()[i], name,
               absl::StrCat(what, " ('", name, "')"));
    if (!spec.ok())
      return spec.status();
    if (!seen.insert(name).second)
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": the name '", name, "' is used twice"));
    arg.tensor = *spec;
    if (auto bound = fn.getArgAttrOfType<IntegerAttr>(i, TgDialect::kIndexBoundAttr))
      arg.indexBound = bound.getInt();
    arg.optimizerState = param && fn.getArgAttr(i, TgDialect::kOptimizerStateAttr);
    arg.stepCounter = input && fn.getArgAttr(i, TgDialect::kStepCounterAttr);
    signature.arguments.push_back(std::move(arg));
  }

  auto names = fn->getAttrOfType<ArrayAttr>(TgDialect::kResultNamesAttr);
  std::set<std::string> seenResults;
  for (unsigned i = 0; i < fn.getNumResults(); ++i) {
    std::string name = names ? cast<StringAttr>(names[i]).getValue().str()
                             : absl::StrCat("result", i);
    std::string what = absl::StrCat("result #", i, " ('", name, "') of ", fnName);
    absl::StatusOr<TensorSpec> spec = specOf(fn.getResultTypes()[i], name, what);
    if (!spec.ok())
      return spec.status();
    if (!seenResults.insert(name).second)
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": the name '", name, "' is used twice"));
    signature.results.push_back(*spec);
  }
  return signature;
}

} // namespace tgc::tg
