//===- TgTraits.td - op traits of the tg dialect -------------*- tablegen -*-===//
//
// Traits that classify tg ops for generic passes and for the verifiers of
// ops that contain other ops. Each names a C++ trait in ir/TgTraits.h.
//
//===----------------------------------------------------------------------===//

#ifndef TG_TRAITS_TD
#define TG_TRAITS_TD

include "mlir/IR/OpBase.td"

/// An elementwise op: `result[i]` is a function of the operands' elements
/// at the NumPy-broadcast index i alone (no neighbours, no reductions, no
/// state). Applied to rank-0 tensors it computes that scalar function, so
/// it may appear in the body of tg.fused_elementwise and
/// tg-fuse-elementwise may move it there. tg.stop_gradient is deliberately
/// not marked: autodiff must still see it.
def Tg_ElementwiseOp : NativeOpTrait<"ElementwiseOp"> {
  let cppNamespace = "::tgc::tg::OpTrait";
}

#endif // TG_TRAITS_TD
