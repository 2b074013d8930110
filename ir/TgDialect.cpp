//===- TgDialect.cpp - the tg dialect -------------------------------------===//

#include "ir/TgDialect.h"

#include "ir/TgOps.h"

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
