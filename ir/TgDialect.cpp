//===- TgDialect.cpp - the tg dialect -------------------------------------===//

#include "ir/TgDialect.h"

#include "ir/TgOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace tgc::tg;

#include "ir/TgDialect.cpp.inc"

void TgDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/TgOps.cpp.inc"
      >();
}

/// Folders return attributes; constants made from them are tg.constant.
Operation *TgDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

LogicalResult TgDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                  unsigned argIndex,
                                                  NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kParamAttr || name == kInputAttr) {
    auto value = dyn_cast<StringAttr>(attr.getValue());
    if (!value || value.getValue().empty())
      return op->emitError("argument #")
             << argIndex << ": " << name << " must be a non-empty string name";
    return success();
  }
  if (name == kIndexBoundAttr) {
    auto value = dyn_cast<IntegerAttr>(attr.getValue());
    if (!value || value.getInt() < 1)
      return op->emitError("argument #")
             << argIndex << ": " << name << " must be a positive integer";
    return success();
  }
  if (name == kOptimizerStateAttr) {
    auto fn = dyn_cast<FunctionOpInterface>(op);
    if (!isa<UnitAttr>(attr.getValue()) || !fn ||
        !fn.getArgAttr(argIndex, kParamAttr))
      return op->emitError("argument #")
             << argIndex << ": " << name << " is a unit attribute of a tg.param";
    return success();
  }
  if (name == kStepCounterAttr) {
    auto fn = dyn_cast<FunctionOpInterface>(op);
    auto type = fn ? dyn_cast<RankedTensorType>(fn.getArgumentTypes()[argIndex])
                   : RankedTensorType();
    if (!isa<UnitAttr>(attr.getValue()) || !fn ||
        !fn.getArgAttr(argIndex, kInputAttr) || !type || type.getRank() != 0 ||
        !type.getElementType().isInteger(64))
      return op->emitError("argument #")
             << argIndex << ": " << name
             << " is a unit attribute of a tg.input of type tensor<i64>";
    return success();
  }
  return op->emitError("argument #")
         << argIndex << ": unknown tg argument attribute '" << name
         << "' (known: tg.param, tg.input, tg.index_bound, tg.optimizer_state, "
            "tg.step_counter)";
}

LogicalResult TgDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attr) {
  if (attr.getName() != kResultNamesAttr)
    return op->emitError("unknown tg attribute '")
           << attr.getName().getValue() << "'";
  auto fn = dyn_cast<FunctionOpInterface>(op);
  auto names = dyn_cast<ArrayAttr>(attr.getValue());
  if (!fn || !names ||
      !llvm::all_of(names, [](Attribute a) { return isa<StringAttr>(a); }))
    return op->emitError(kResultNamesAttr)
           << " must be an array of strings on a function";
  if (names.size() != fn.getNumResults())
    return op->emitError(kResultNamesAttr)
           << " names " << names.size() << " results but the function has "
           << fn.getNumResults();
  return success();
}
