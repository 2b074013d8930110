//===- TgElementwiseRegion.td - tg.fused_elementwise ----------*- tablegen -*-===//
//
// A chain (or DAG) of elementwise ops fused into one op whose body spells
// out the scalar function in tg ops on rank-0 tensors. tg-fuse-elementwise
// creates it where no library op covers the chain (LSTM cell math after
// tg-decompose-rnn, GELU written out by hand, optimizer updates); a backend
// maps it onto one generated loop. Included at the end of TgOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TG_ELEMENTWISE_REGION_TD
#define TG_ELEMENTWISE_REGION_TD

def Tg_FusedElementwiseOp : Tg_Op<"fused_elementwise",
    [Pure, IsolatedFromAbove, SingleBlock,
     DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "elementwise ops fused into one loop over the result";
  let description = [{
    With operands `x_1 .. x_n` and a body that takes `n` rank-0 tensors and
    yields one:
      `result[i] = body(x_1[b_1(i)], ..., x_n[b_n(i)])`
    for every index i of the result, where `b_k(i)` is the NumPy broadcast
    of i into `x_k` (as tg.add reads its operands: aligned at the last
    dimension, index 0 where `x_k` has size 1). The body is evaluated
    exactly as its ops are specified, with each block argument bound to a
    rank-0 tensor holding one element: the op computes what the unfused ops
    compute, element by element, with no reordering or reassociation.

    The body may hold the elementwise tg ops (those with the
    Tg_ElementwiseOp trait: tg.add ... tg.pow, tg.neg ... tg.cos, tg.gelu,
    tg.compare, tg.select, tg.cast) and tg.constant, all on rank-0 tensors;
    values inside may have any element type (a tg.compare feeding a
    tg.select, a tg.cast). It ends with `tg.yield`.

    Constraints:
    C1. At least one operand.
    C2. The operand shapes are broadcast-compatible and the result has their
        broadcast shape.
    C3. The body has one argument per operand, in order; argument k is a
        rank-0 tensor of the element type of `x_k`.
    C4. Every op in the body other than the terminator is an elementwise tg
        op or a tg.constant, and all its operands and results are rank-0
        tensors. The body uses no value from outside (the op is isolated
        from above).
    C5. The body ends with `tg.yield` of a rank-0 tensor whose element
        type is the result's.

    Its VJP differentiates the body op by op with the body ops' own rules:
    each float operand's cotangent is again one tg.fused_elementwise (the
    body, then its reverse sweep), summed over the operand's broadcast axes.

    Example (`tanh(a * b)` with `b` broadcast along the rows):
    ```mlir
    %r = tg.fused_elementwise %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
    ^bb0(%x: tensor<f32>, %y: tensor<f32>):
      %0 = tg.mul %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %1 = tg.tanh %0 : tensor<f32>
      tg.yield %1 : tensor<f32>
    }
    ```
  }];
  let arguments = (ins Variadic<Tg_Tensor>:$inputs);
  let results = (outs Tg_Tensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, results) $body";
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The tg.yield that ends the body.
    YieldOp getYield();
  }];
}

def Tg_YieldOp : Tg_Op<"yield",
    [Pure, Terminator, HasParent<"FusedElementwiseOp">]> {
  let summary = "the value of a tg.fused_elementwise body";
  let description = [{
    Ends the body of tg.fused_elementwise; its operand is the body's value
    for one element of the result (see fused_elementwise_c5).

    Example:
    ```mlir
    tg.yield %1 : tensor<f32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

#endif // TG_ELEMENTWISE_REGION_TD
