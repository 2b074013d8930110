//===- TgOps.h - tg operations ----------------------------------*- C++ -*-===//
//
// The op classes generated from TgOps.td, and the enums they use.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TGOPS_H
#define TGC_IR_TGOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/TgDialect.h"
#include "ir/TgTraits.h"
#include "ir/TgVjpInterface.h"
#include "ir/TgEnums.h.inc"

#define GET_OP_CLASSES
#include "ir/TgOps.h.inc"

#endif // TGC_IR_TGOPS_H
