//===- TgVjpInterface.td - the reverse-mode rule of a tg op --*- tablegen -*-===//
//
// The vector-Jacobian product (VJP) of an op, written in tg ops. tg-autodiff
// is a reverse walk over the ops of a function that calls this interface;
// it never names an op. The rules live in ir/TgVjp.cpp, grouped by family.
//
//===----------------------------------------------------------------------===//

#ifndef TG_VJP_INTERFACE_TD
#define TG_VJP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def Tg_VjpOpInterface : OpInterface<"VjpOpInterface"> {
  let cppNamespace = "::tgc::tg";
  let description = [{
    An op whose reverse-mode derivative is known. Given one cotangent per
    result (dL/dresult, of the result's type; a result the loss does not
    depend on gets a zero tensor), `vjp` builds tg ops at the builder's
    insertion point that compute one cotangent per operand (dL/doperand,
    of the operand's type), or a null Value for an operand that carries
    no gradient (integer and boolean operands, stop_gradient, the
    condition of a select). Cotangents of broadcast operands are summed
    over the broadcast axes (`unbroadcast`).

    Points where the op is not differentiable follow PyTorch: relu'(0) = 0,
    abs'(0) = 0, max/min ties split the cotangent evenly among the tied
    operands or elements (torch.maximum, torch.amax), pow's exponent
    gradient is 0 where the base is 0 and the exponent >= 0.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the cotangents of the operands from `resultCotangents` (one per
        result, in result order). Returns one Value per operand, null where no
        gradient flows, or failure after emitting an error.
      }],
      "::mlir::FailureOr<::llvm::SmallVector<::mlir::Value>>", "vjp",
      (ins "::mlir::OpBuilder &":$b, "::mlir::ValueRange":$resultCotangents)>
  ];
}

#endif // TG_VJP_INTERFACE_TD
