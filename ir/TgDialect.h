//===- TgDialect.h - the tg dialect -----------------------------*- C++ -*-===//
//
// Include this to use the tg dialect and its ops.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TGDIALECT_H
#define TGC_IR_TGDIALECT_H

#include "mlir/IR/Dialect.h"

#include "ir/TgDialect.h.inc"

#endif // TGC_IR_TGDIALECT_H
