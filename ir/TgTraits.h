//===- TgTraits.h - op traits of the tg dialect -----------------*- C++ -*-===//
//
// The C++ side of the traits declared in TgTraits.td; included by TgOps.h
// before the generated op classes.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_IR_TGTRAITS_H
#define TGC_IR_TGTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace tgc::tg::OpTrait {

/// Marks an elementwise op (Tg_ElementwiseOp in TgTraits.td): result element
/// i depends only on the operands' elements at the broadcast index i, so the
/// op applied to rank-0 tensors is its scalar function. Query it with
/// `op->hasTrait<tgc::tg::OpTrait::ElementwiseOp>()`.
template <typename ConcreteType>
class ElementwiseOp
    : public mlir::OpTrait::TraitBase<ConcreteType, ElementwiseOp> {};

} // namespace tgc::tg::OpTrait

#endif // TGC_IR_TGTRAITS_H
