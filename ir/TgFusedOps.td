//===- TgFusedOps.td - ops the fusion passes create ----------*- tablegen -*-===//
//
// Each fused op computes exactly what the ops it replaces compute (its
// description gives the unfused spelling). Fusion passes create them; a
// backend maps each onto one kernel. Included at the end of TgOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TG_FUSED_OPS_TD
#define TG_FUSED_OPS_TD

def Tg_Activation : I32EnumAttr<"Activation",
    "the activation a fused op applies last", [
      I32EnumAttrCase<"None", 0, "none">,
      I32EnumAttrCase<"Relu", 1, "relu">,
      I32EnumAttrCase<"GeluErf", 2, "gelu_erf">,
      I32EnumAttrCase<"GeluTanh", 3, "gelu_tanh">]> {
  let cppNamespace = "::tgc::tg";
}

def Tg_AttentionOp : Tg_Op<"attention", [Pure, InferTypeOpAdaptor,
                                         DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "scaled dot-product attention";
  let description = [{
    With `query` [..., Lq, D], `key` [..., Lk, D], `value` [..., Lk, Dv]:
      `scores = scale * query · keyᵀ`                       [..., Lq, Lk]
      `scores[.., i, j] = -inf` where `causal` and j > i
      `scores = scores + mask` when `mask` is a float tensor (additive),
      `scores = select(mask, scores, -inf)` when `mask` is i1 (true =
      attend, as torch.nn.functional.scaled_dot_product_attention),
      `result = softmax(scores, axis = -1) · value`          [..., Lq, Dv]
    A row whose keys are all masked is NaN, as in the unfused spelling.

    Constraints:
    C1. `query`, `key` and `value` have the same rank (>= 2), element type
        and leading (batch and head) dimensions.
    C2. `query` and `key` agree on D; `key` and `value` agree on Lk.
    C3. `mask`, when present, is i1 or the query's element type and
        broadcasts to [..., Lq, Lk].

    Example:
    ```mlir
    %o = tg.attention %q, %k, %v {causal = true, scale = 0.125 : f64} : (tensor<2x4x8x64xf32>, tensor<2x4x8x64xf32>, tensor<2x4x8x64xf32>) -> tensor<2x4x8x64xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$query, Tg_FloatTensor:$key,
                       Tg_FloatTensor:$value, Optional<Tg_Tensor>:$mask,
                       F64Attr:$scale,
                       DefaultValuedAttr<BoolAttr, "false">:$causal);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$query `,` $key `,` $value (`mask` $mask^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

def Tg_AddLayerNormOp : Tg_Op<"add_layer_norm",
    [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor,
     DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "residual add followed by layer normalization";
  let description = [{
    `sum = input + residual` (same shapes), then
    `result = layer_norm(sum, scale, bias, axis, epsilon)` exactly as
    tg.layer_norm. The op also yields `sum`, for pre-norm stacks that carry
    the residual stream on.

    Constraints:
    C1. `input` and `residual` have the same type.
    C2. The layer_norm constraints on `sum`, `scale`, `bias`, `axis` and
        `epsilon`.

    Example:
    ```mlir
    %y, %s = tg.add_layer_norm %x, %r scale %g bias %b : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x16xf32>)
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$residual,
                       Optional<Tg_FloatTensor>:$scale,
                       Optional<Tg_FloatTensor>:$bias,
                       DefaultValuedAttr<Tg_I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1.0e-05">:$epsilon);
  let results = (outs Tg_FloatTensor:$result, Tg_FloatTensor:$sum);
  let assemblyFormat = "$input `,` $residual (`scale` $scale^)? (`bias` $bias^)? "
                       "attr-dict `:` functional-type(operands, results)";
}

def Tg_FusedMatmulOp : Tg_Op<"fused_matmul", [Pure, InferTypeOpAdaptor,
                                               DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "matmul, bias and activation in one op";
  let description = [{
    `result = activation(matmul(lhs, rhs, transpose_a, transpose_b) + bias)`
    where the matmul is tg.matmul, `bias` (optional) broadcasts to the
    matmul's result, and `activation` is none, relu, gelu_erf or gelu_tanh
    (tg.relu and the two forms of tg.gelu). It maps onto oneDNN matmul
    post-ops and cuBLASLt epilogues.

    Constraints:
    C1. The tg.matmul constraints on `lhs` and `rhs`.
    C2. `bias` has the matmul's element type and broadcasts to its result
        without changing the result's shape.
    C3. gelu_erf and gelu_tanh need a float result.

    Example:
    ```mlir
    %h = tg.fused_matmul %x, %w bias %b activation(relu) {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<16x256xf32>
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$lhs, Tg_NumericTensor:$rhs,
                       Optional<Tg_NumericTensor>:$bias,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b,
                       Tg_Activation:$activation);
  let results = (outs Tg_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs (`bias` $bias^)? `activation` `(` $activation `)` "
                       "attr-dict `:` functional-type(operands, results)";
}

def Tg_NearestCodewordOp : Tg_Op<"nearest_codeword", [Pure, InferTypeOpAdaptor]> {
  let summary = "index of the nearest codeword (vector quantization)";
  let description = [{
    With `input` z [N, D] and `codebook` e [K, D], for each row n:
      `distances[n, k] = ||z_n||² − 2·z_n·e_k + ||e_k||²`
      `result[n] = argmin over k of distances[n, k]`               [N], i64
    the index of the codeword with the least squared Euclidean distance.
    Ties resolve to the lowest k and a NaN distance counts as the smallest
    (its first occurrence wins), exactly as tg.argmin of the unfused
    spelling: `argmin(add(sub(reduce_sum(z·z, axes = [1], keepdims),
    mul(2, matmul(z, e, transpose_b))), reduce_sum(e·e, axes = [1])),
    axis = 1)`. A NaN in z_n makes every distance of row n NaN (index 0); a
    NaN in e_k makes codeword k the nearest of every row that has no NaN
    codeword before it.

    The result is an integer: no gradient flows through the op (as through
    tg.argmin). tg-fuse-nearest-codeword creates it; a backend need not
    build the [N, K] distance matrix (||z_n||² is constant along a row and
    cannot change which k is least, up to rounding).

    Constraints:
    C1. `input` and `codebook` have rank 2, the same float element type and
        the same D (second dimension).
    C2. The codebook is not empty (K >= 1).
    C3. The result is i64 [N].

    Example:
    ```mlir
    %i = tg.nearest_codeword %z, %codebook : (tensor<8192x64xf32>, tensor<512x64xf32>) -> tensor<8192xi64>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$input, Tg_FloatTensor:$codebook);
  let results = (outs Tg_IndexTensor:$result);
  let assemblyFormat = "$input `,` $codebook attr-dict `:` functional-type(operands, results)";
}

#endif // TG_FUSED_OPS_TD
