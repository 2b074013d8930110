//===- TgOps.td - tg operations ------------------------------*- tablegen -*-===//
//
// Every tg op: its exact math, its constraints (labelled C1, C2, ...; the
// verifier and the negative lit tests carry the same labels), and an
// example. The float64 reference backend implements these descriptions.
//
//===----------------------------------------------------------------------===//

#ifndef TG_OPS_TD
#define TG_OPS_TD

include "ir/TgBase.td"
include "ir/TgTraits.td"
include "ir/TgVjpInterface.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

class Tg_BinaryOp<string mnemonic, TypeConstraint type, string math,
                  list<Trait> traits = []>
    : Tg_Op<mnemonic, !listconcat([Pure, InferTypeOpAdaptor, Tg_ElementwiseOp,
                                    DeclareOpInterfaceMethods<Tg_VjpOpInterface>], traits)> {
  let summary = "elementwise " # mnemonic # " with NumPy broadcasting";
  let description = [{
    `result[i] = }] # math # [{` where `lhs` and `rhs` are broadcast to the
    result shape by NumPy rules: shapes are aligned at their last dimension
    and each pair of dimensions must be equal or one of them 1.

    Constraints:
    C1. `lhs` and `rhs` have the same element type, which is the result's.
    C2. The shapes of `lhs` and `rhs` are broadcast-compatible; the result
        has the broadcast shape.

    Example:
    ```mlir
    %r = tg.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs type:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferBroadcastResult(location, getOperationName(),
                                  {{"lhs", adaptor.getLhs()},
                                   {"rhs", adaptor.getRhs()}},
                                  /*resultElementType=*/nullptr, inferred);
    }
  }];
}

def Tg_AddOp : Tg_BinaryOp<"add", Tg_NumericTensor, "lhs[i] + rhs[i]",
                           [Commutative]>;
def Tg_SubOp : Tg_BinaryOp<"sub", Tg_NumericTensor, "lhs[i] - rhs[i]">;
def Tg_MulOp : Tg_BinaryOp<"mul", Tg_NumericTensor, "lhs[i] * rhs[i]",
                           [Commutative]>;
def Tg_DivOp : Tg_BinaryOp<"div", Tg_NumericTensor,
    "lhs[i] / rhs[i]` (IEEE division for floats; for integers the quotient "
    "truncated toward zero, and division by zero is an evaluation error`)">;
def Tg_MaxOp : Tg_BinaryOp<"max", Tg_NumericTensor,
    "max(lhs[i], rhs[i])` (NaN if either is NaN, as torch.maximum`)",
    [Commutative]>;
def Tg_MinOp : Tg_BinaryOp<"min", Tg_NumericTensor,
    "min(lhs[i], rhs[i])` (NaN if either is NaN, as torch.minimum`)",
    [Commutative]>;
def Tg_PowOp : Tg_BinaryOp<"pow", Tg_FloatTensor,
    "lhs[i] ^ rhs[i]` (C `pow`: 0^0 = 1, negative base with non-integer "
    "exponent is NaN`)">;

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Tg_UnaryOp<string mnemonic, TypeConstraint type, string math,
                 list<Trait> traits = []>
    : Tg_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType,
                                    Tg_ElementwiseOp, DeclareOpInterfaceMethods<Tg_VjpOpInterface>], traits)> {
  let summary = "elementwise " # mnemonic;
  let description = [{
    `result[i] = }] # math # [{`, elementwise; the result has the operand's
    type.

    Example:
    ```mlir
    %r = tg.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins type:$operand);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
}

def Tg_NegOp : Tg_UnaryOp<"neg", Tg_NumericTensor, "-x[i]"> {
  let hasFolder = 1;
}
def Tg_AbsOp : Tg_UnaryOp<"abs", Tg_NumericTensor, "|x[i]|">;
def Tg_ExpOp : Tg_UnaryOp<"exp", Tg_FloatTensor, "e^x[i]">;
def Tg_LogOp : Tg_UnaryOp<"log", Tg_FloatTensor,
    "ln(x[i])` (-inf at 0, NaN below 0`)">;
def Tg_SqrtOp : Tg_UnaryOp<"sqrt", Tg_FloatTensor, "sqrt(x[i])">;
def Tg_RsqrtOp : Tg_UnaryOp<"rsqrt", Tg_FloatTensor, "1 / sqrt(x[i])">;
def Tg_TanhOp : Tg_UnaryOp<"tanh", Tg_FloatTensor, "tanh(x[i])">;
def Tg_SigmoidOp : Tg_UnaryOp<"sigmoid", Tg_FloatTensor,
                              "1 / (1 + e^-x[i])">;
def Tg_ReluOp : Tg_UnaryOp<"relu", Tg_NumericTensor,
    "max(x[i], 0)` (NaN stays NaN`)">;
def Tg_ErfOp : Tg_UnaryOp<"erf", Tg_FloatTensor,
    "erf(x[i]) = 2/sqrt(pi) * integral from 0 to x[i] of e^(-t^2) dt">;
def Tg_SinOp : Tg_UnaryOp<"sin", Tg_FloatTensor, "sin(x[i])">;
def Tg_CosOp : Tg_UnaryOp<"cos", Tg_FloatTensor, "cos(x[i])">;

def Tg_GeluOp : Tg_Op<"gelu", [Pure, SameOperandsAndResultType,
                               Tg_ElementwiseOp, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "Gaussian error linear unit";
  let description = [{
    With `approximate(erf)` (exact, torch.nn.GELU() and BERT):
      `result[i] = 0.5 * x * (1 + erf(x / sqrt(2)))`.
    With `approximate(tanh)` (torch.nn.GELU(approximate="tanh"), GPT-2):
      `result[i] = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))`.

    Example:
    ```mlir
    %r = tg.gelu %x approximate(tanh) : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$operand,
                       Tg_GeluApproximation:$approximate);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat =
      "$operand `approximate` `(` $approximate `)` attr-dict `:` type($result)";
}

def Tg_StopGradientOp : Tg_Op<"stop_gradient",
                              [Pure, SameOperandsAndResultType, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "identity whose gradient is zero";
  let description = [{
    `result = x`. Reverse-mode autodiff propagates no cotangent through it:
    `x + stop_gradient(q - x)` is the straight-through estimator.

    Example:
    ```mlir
    %r = tg.stop_gradient %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Comparison, selection, conversion
//===----------------------------------------------------------------------===//

def Tg_CompareOp : Tg_Op<"compare", [Pure, InferTypeOpAdaptor,
                                     Tg_ElementwiseOp]> {
  let summary = "elementwise comparison with NumPy broadcasting, to i1";
  let description = [{
    `result[i] = lhs[i] <direction> rhs[i]` for direction eq, ne, lt, le,
    gt or ge, after broadcasting as in tg.add. Any comparison with NaN is
    false except `ne`, which is true (IEEE).

    Constraints:
    C1. `lhs` and `rhs` have the same element type; the result is i1.
    C2. Their shapes are broadcast-compatible; the result has the broadcast
        shape.

    Example:
    ```mlir
    %m = tg.compare lt, %a, %b : (tensor<4x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
    ```
  }];
  let arguments = (ins Tg_CompareDirection:$direction, Tg_Tensor:$lhs,
                       Tg_Tensor:$rhs);
  let results = (outs Tg_BoolTensor:$result);
  let assemblyFormat = "$direction `,` $lhs `,` $rhs attr-dict `:` "
                       "functional-type(operands, results)";
}

def Tg_SelectOp : Tg_Op<"select", [Pure, InferTypeOpAdaptor,
                                   Tg_ElementwiseOp, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "elementwise choice with NumPy broadcasting";
  let description = [{
    `result[i] = condition[i] ? on_true[i] : on_false[i]`, all three
    broadcast to the result shape.

    Constraints:
    C1. `condition` is i1; `on_true` and `on_false` have the same element
        type, which is the result's.
    C2. The three shapes are broadcast-compatible.

    Example:
    ```mlir
    %r = tg.select %mask, %scores, %neg_inf : (tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
    ```
  }];
  let arguments = (ins Tg_BoolTensor:$condition, Tg_Tensor:$on_true,
                       Tg_Tensor:$on_false);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$condition `,` $on_true `,` $on_false attr-dict `:` "
                       "functional-type(operands, results)";
}

def Tg_CastOp : Tg_Op<"cast", [Pure, SameOperandsAndResultShape,
                               Tg_ElementwiseOp, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "elementwise element-type conversion";
  let description = [{
    Converts each element to the result's element type:
    - float to float: rounded to nearest, ties to even;
    - float to integer: truncated toward zero (NaN and out-of-range values
      are an evaluation error);
    - integer to float: rounded to nearest, ties to even;
    - integer to integer: two's-complement wrap to the result width;
    - to i1: `x != 0`; from i1: 0 or 1.

    Constraints:
    C1. Operand and result have the same shape.

    Example:
    ```mlir
    %r = tg.cast %x : (tensor<4xf32>) -> tensor<4xf16>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def Tg_MatmulOp : Tg_Op<"matmul", [Pure, InferTypeOpAdaptor, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "batched matrix product with broadcast batch dimensions";
  let description = [{
    With A = `transpose_a ? swap_last_two(lhs) : lhs` of shape [..., M, K]
    and B = `transpose_b ? swap_last_two(rhs) : rhs` of shape [..., K, N]:
      `result[b..., m, n] = sum over k of A[b..., m, k] * B[b..., k, n]`.
    The batch dimensions (all but the last two) broadcast like NumPy.

    Constraints:
    C1. `lhs` and `rhs` have rank >= 2 and the same element type.
    C2. The contracted dimensions (K) agree.
    C3. The batch dimensions are broadcast-compatible.

    Example:
    ```mlir
    %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x8xf32>
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$lhs, Tg_NumericTensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs Tg_NumericTensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Tg_ReduceOp<string mnemonic, TypeConstraint type, string math>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptor, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "reduction over the given axes";
  let description = [{
    `result = }] # math # [{` over the elements that share all indices but
    those in `axes`. With `keepdims` the reduced axes stay as size 1;
    otherwise they are removed.

    Constraints:
    C1. `axes` is non-empty, each axis in [-rank, rank) (negative counts
        from the end), no axis twice.
    C2. The result has the operand's element type and the reduced shape.

    Example:
    ```mlir
    %r = tg.}] # mnemonic # [{ %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins type:$operand, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferReduceResult(location, getOperationName(),
                               adaptor.getOperand(), adaptor.getAxes(),
                               adaptor.getKeepdims(), nullptr, inferred);
    }
  }];
}

def Tg_ReduceSumOp : Tg_ReduceOp<"reduce_sum", Tg_NumericTensor, "sum">;
def Tg_ReduceMeanOp : Tg_ReduceOp<"reduce_mean", Tg_FloatTensor,
    "(sum) / (number of reduced elements)">;
def Tg_ReduceMaxOp : Tg_ReduceOp<"reduce_max", Tg_NumericTensor,
    "max` (NaN if any element is NaN`)">;
def Tg_ReduceMinOp : Tg_ReduceOp<"reduce_min", Tg_NumericTensor,
    "min` (NaN if any element is NaN`)">;

class Tg_ArgReduceOp<string mnemonic, string what>
    : Tg_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "index of the " # what # " element along an axis";
  let description = [{
    `result = index along axis of the }] # what # [{ element`, as i64. Ties
    resolve to the smallest index (as NumPy and PyTorch); a NaN counts as
    the }] # what # [{ (its first occurrence wins). With `keepdims` the axis
    stays as size 1.

    Constraints:
    C1. `axis` is in [-rank, rank) and that dimension is not 0.
    C2. The result is i64 with the reduced shape.

    Example:
    ```mlir
    %i = tg.}] # mnemonic # [{ %x {axis = 1} : (tensor<2x3xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins Tg_NumericTensor:$operand, Tg_I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs Tg_IndexTensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferArgReduceResult(location, getOperationName(),
                                  adaptor.getOperand(), adaptor.getAxis(),
                                  adaptor.getKeepdims(), inferred);
    }
  }];
}

def Tg_ArgmaxOp : Tg_ArgReduceOp<"argmax", "largest">;
def Tg_ArgminOp : Tg_ArgReduceOp<"argmin", "smallest">;

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Tg_SoftmaxOp : Tg_Op<"softmax", [Pure, SameOperandsAndResultType,
                                     DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "softmax along an axis";
  let description = [{
    `result[..., j, ...] = e^(x_j - m) / sum over k of e^(x_k - m)` along
    `axis`, with `m = max over k of x_k` (so large inputs do not overflow).
    An element equal to -inf gets weight exactly 0; a slice that is all
    -inf yields NaN (as PyTorch).

    Constraints:
    C1. `axis` is in [-rank, rank).

    Example:
    ```mlir
    %p = tg.softmax %s {axis = -1} : tensor<2x8x8xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$operand,
                       DefaultValuedAttr<Tg_I64Attr, "-1">:$axis);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tg_LogSoftmaxOp : Tg_Op<"log_softmax", [Pure, SameOperandsAndResultType,
                                            DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "log of softmax along an axis";
  let description = [{
    `result[..., j, ...] = (x_j - m) - ln(sum over k of e^(x_k - m))` along
    `axis`, with `m = max over k of x_k`.

    Constraints:
    C1. `axis` is in [-rank, rank).

    Example:
    ```mlir
    %p = tg.log_softmax %s {axis = -1} : tensor<2x10xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$operand,
                       DefaultValuedAttr<Tg_I64Attr, "-1">:$axis);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tg_LayerNormOp : Tg_Op<"layer_norm",
    [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor,
     DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "layer normalization over the trailing axes";
  let description = [{
    Normalizes over the axes from `axis` to the last (ONNX
    LayerNormalization; torch.nn.LayerNorm with normalized_shape equal to
    those trailing dimensions). For each slice x over those axes, of N
    elements:
      `mean = sum(x) / N`, `var = sum((x - mean)^2) / N` (biased),
      `result = (x - mean) / sqrt(var + epsilon) * scale + bias`,
    where `scale` defaults to 1 and `bias` to 0 when absent.

    Constraints:
    C1. `axis` is in [-rank, rank).
    C2. `scale` and `bias`, when present, have the shape of the normalized
        trailing dimensions and the input's element type.
    C3. `epsilon` >= 0.

    Example:
    ```mlir
    %y = tg.layer_norm %x scale %g bias %b {epsilon = 1.0e-05 : f64} : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$input,
                       Optional<Tg_FloatTensor>:$scale,
                       Optional<Tg_FloatTensor>:$bias,
                       DefaultValuedAttr<Tg_I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1.0e-05">:$epsilon);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$input (`scale` $scale^)? (`bias` $bias^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def Tg_ConstantOp : Tg_Op<"constant",
    [Pure, ConstantLike, InferTypeOpAdaptor]> {
  let summary = "a tensor literal";
  let description = [{
    `result = value`, a dense elements attribute whose type is the result
    type.

    Example:
    ```mlir
    %c = tg.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Tg_ReshapeOp : Tg_Op<"reshape", [Pure, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "same elements in row-major order, another shape";
  let description = [{
    `result` holds the operand's elements in row-major order with the
    result's shape.

    Constraints:
    C1. Operand and result have the same element type and number of
        elements.

    Example:
    ```mlir
    %r = tg.reshape %x : (tensor<2x8x16xf32>) -> tensor<2x8x4x4xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_TransposeOp : Tg_Op<"transpose", [Pure, InferTypeOpAdaptor,
                                         DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "permutes dimensions";
  let description = [{
    `result[i_0, ..., i_(n-1)] = x[j]` where `j[permutation[d]] = i_d`;
    that is, result dimension d is operand dimension `permutation[d]`
    (numpy.transpose).

    Constraints:
    C1. `permutation` is a permutation of [0, rank).

    Example:
    ```mlir
    %t = tg.transpose %x {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x4xf32>) -> tensor<2x4x8x4xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Tg_ConcatOp : Tg_Op<"concat", [Pure, InferTypeOpAdaptor,
                                   DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "joins tensors along an axis";
  let description = [{
    The inputs laid end to end along `axis`, in operand order.

    Constraints:
    C1. At least one input; all have the same rank and element type.
    C2. `axis` is in [-rank, rank).
    C3. The inputs agree on every dimension but `axis`.

    Example:
    ```mlir
    %c = tg.concat %a, %b {axis = 1} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Tg_Tensor>:$inputs, Tg_I64Attr:$axis);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def Tg_SliceOp : Tg_Op<"slice", [Pure, InferTypeOpAdaptor,
                                 DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "strided slice";
  let description = [{
    `result[i] = x[start + i * strides]` per dimension, for
    `i` in [0, ceil((limit - start) / strides)). `strides` defaults to all
    ones.

    Constraints:
    C1. `start`, `limit` and `strides` each have one entry per dimension.
    C2. `0 <= start <= limit <= dim` and `strides >= 1` in every dimension.

    Example:
    ```mlir
    %s = tg.slice %x {start = array<i64: 0, 2>, limit = array<i64: 2, 8>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand, DenseI64ArrayAttr:$start,
                       DenseI64ArrayAttr:$limit,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Tg_GatherOp : Tg_Op<"gather", [Pure, InferTypeOpAdaptor,
                                   DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "picks slices of a tensor by index (embedding lookup)";
  let description = [{
    With `params` of shape P and `indices` of shape I, the result has shape
    `P[:axis] ++ I ++ P[axis+1:]` and
      `result[a..., i..., b...] = params[a..., indices[i...], b...]`
    (numpy.take). An index outside [0, P[axis]) is an evaluation error
    naming the op and the index.

    Constraints:
    C1. `axis` is in [-rank(params), rank(params)).
    C2. `indices` is i32 or i64; the result has the element type of
        `params`.

    Example:
    ```mlir
    %e = tg.gather %table, %tokens {axis = 0} : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$params, Tg_IntTensor:$indices,
                       DefaultValuedAttr<Tg_I64Attr, "0">:$axis);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$params `,` $indices attr-dict `:` "
                       "functional-type(operands, results)";
}

def Tg_BroadcastToOp : Tg_Op<"broadcast_to", [Pure, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "broadcasts to a shape by NumPy rules";
  let description = [{
    `result[i] = x[j]` where j is i aligned at the last dimension, with
    index 0 in every dimension where x has size 1 (numpy.broadcast_to).

    Constraints:
    C1. Same element type; the operand's rank is at most the result's.
    C2. Each operand dimension equals the aligned result dimension or is 1.

    Example:
    ```mlir
    %b = tg.broadcast_to %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Tg_Tensor:$operand);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tg_IotaOp : Tg_Op<"iota", [Pure]> {
  let summary = "the index along one dimension";
  let description = [{
    `result[i_0, ..., i_(n-1)] = i_dimension`, converted to the result's
    element type.

    Constraints:
    C1. `dimension` is in [0, rank); the result is not i1.

    Example:
    ```mlir
    %i = tg.iota {dimension = 1 : i64} : tensor<4x4xi64>
    ```
  }];
  let arguments = (ins Tg_I64Attr:$dimension);
  let results = (outs Tg_NumericTensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tg_OneHotOp : Tg_Op<"one_hot", [Pure]> {
  let summary = "one-hot encoding along a new last axis";
  let description = [{
    `result[i..., c] = (indices[i...] == c) ? 1 : 0` for c in [0, depth).
    An index outside [0, depth) gives an all-zero row (as
    tf.one_hot / jax.nn.one_hot).

    Constraints:
    C1. `depth` >= 1.
    C2. The result has shape `shape(indices) ++ [depth]`; any element type.

    Example:
    ```mlir
    %o = tg.one_hot %labels {depth = 10 : i64} : (tensor<4xi64>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Tg_IntTensor:$indices, Tg_I64Attr:$depth);
  let results = (outs Tg_Tensor:$result);
  let assemblyFormat = "$indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Random ops
//===----------------------------------------------------------------------===//

/// The optional `step` operand of the random ops: a scalar i64 tensor.
/// Buildable, so the assembly format need not print its type.
def Tg_StepScalar : Type<And<[TensorOf<[I64]>.predicate, HasAnyRankOfPred<[0]>]>,
                         "0-d tensor of i64", "::mlir::TensorType">,
                    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getIntegerType(64))">;

class Tg_RandomOp<string mnemonic, string math, dag extraArgs,
                  TypeConstraint type = Tg_FloatTensor>
    : Tg_Op<mnemonic, [Pure]> {
  let description = [{
    Element `i` (row-major linear index) of the result is a function of
    `seed`, `i` and the optional `step` operand `s` (a tensor<i64> scalar;
    `s = 0` when absent) alone, from the counter-based Philox4x32-10
    generator:
    `block = philox4x32_10(counter = {lo32(i), hi32(i), lo32(s), hi32(s)},
                           key = {lo32(seed), hi32(seed)})`,
    `u(i) = (block[0] >> 8) * 2^-24` in [0, 1), with `s` and `seed` taken as
    their 64-bit two's-complement bits. So every backend and every thread
    count gives the same values (runtime/Random.h defines the stream once
    for all backends).

    `step` makes the draw change from one training step to the next while
    staying reproducible: a model feeds it from an input marked
    `tg.step_counter` (which `tgc train` sets to the step index 0, 1, ...).
    Each value of `s` selects a disjoint part of Philox's 2^128 counter space,
    so the streams of two steps never overlap, and the form without `step`
    is exactly the stream of `s = 0`.

    `result[i] = }] # math # [{`

    Example:
    ```mlir
    %r = tg.}] # mnemonic # [{ {seed = 42 : i64} : tensor<2x3xf32>
    %t = tg.}] # mnemonic # [{ step(%s) {seed = 42 : i64} : tensor<2x3xf32>
    ```
  }];
  let arguments = !con((ins Tg_I64Attr:$seed), extraArgs,
                       (ins Optional<Tg_StepScalar>:$step));
  let results = (outs type:$result);
  let assemblyFormat = "(`step` `(` $step^ `)`)? attr-dict `:` type($result)";
}

def Tg_RandomUniformOp : Tg_RandomOp<"random_uniform",
    "low + (high - low) * u(i)`. Constraint C1: `low < high`.`",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$low,
         DefaultValuedAttr<F64Attr, "1.0">:$high)> {
  let summary = "uniform random numbers in [low, high)";
  let hasVerifier = 1;
}

def Tg_RandomNormalOp : Tg_RandomOp<"random_normal",
    "mean + stddev * sqrt(-2 ln u1) * cos(2 pi u2)` (Box-Muller) with "
    "`u1 = ((block[0] >> 8) + 1) * 2^-24` and `u2 = (block[1] >> 8) * 2^-24`. "
    "Constraint C1: `stddev >= 0`.`",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$mean,
         DefaultValuedAttr<F64Attr, "1.0">:$stddev)> {
  let summary = "normal random numbers";
  let hasVerifier = 1;
}

def Tg_BernoulliOp : Tg_RandomOp<"bernoulli",
    "u(i) < probability ? 1 : 0`, in the result's element type (i1 or "
    "float). Constraint C1: `0 <= probability <= 1`.`",
    (ins F64Attr:$probability),
    StaticShapeTensorOf<[F16, BF16, F32, F64, I1]>> {
  let summary = "Bernoulli draws: 1 with the given probability";
  let hasVerifier = 1;
}

def Tg_DropoutOp : Tg_Op<"dropout", [Pure, AllTypesMatch<["operand", "result"]>,
                                     DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "inverted dropout with an explicit seed";
  let description = [{
    With `training = true`:
      `result[i] = u(i) < ratio ? 0 : x[i] / (1 - ratio)`,
    where `u(i)` is the Philox stream of tg.random_uniform with the same
    seed and the same optional `step` operand (a tensor<i64> scalar fed by
    an input marked `tg.step_counter`, so the mask changes every training
    step; absent, the stream of `step = 0`). With `training = false`,
    `result = x`.

    Constraints:
    C1. `0 <= ratio < 1`.

    Example:
    ```mlir
    %d = tg.dropout %x {ratio = 1.000000e-01 : f64, seed = 7 : i64, training = true} : tensor<2x16xf32>
    %e = tg.dropout %x step(%s) {ratio = 1.000000e-01 : f64, seed = 7 : i64, training = true} : tensor<2x16xf32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$operand, F64Attr:$ratio, Tg_I64Attr:$seed,
                       DefaultValuedAttr<BoolAttr, "true">:$training,
                       Optional<Tg_StepScalar>:$step);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$operand (`step` `(` $step^ `)`)? attr-dict `:` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def Tg_CrossEntropyOp : Tg_Op<"cross_entropy", [Pure, InferTypeOpAdaptor,
                                                 DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "mean softmax cross-entropy of logits against class labels";
  let description = [{
    With `logits` of shape [..., C] and integer `labels` of shape [...]:
      `loss(p) = -log_softmax(logits[p])[labels[p]]` at each position p,
      `result = sum of loss(p) over kept positions / number kept`,
    where a position is kept unless `ignore_index` is set and equals its
    label (torch.nn.functional.cross_entropy with reduction="mean"). If no
    position is kept the result is NaN (as PyTorch). A kept label outside
    [0, C) is an evaluation error.

    Constraints:
    C1. `logits` has rank >= 1; `labels` has its shape without the last
        dimension.
    C2. The result is a rank-0 tensor of the logits' element type.

    Example:
    ```mlir
    %l = tg.cross_entropy %logits, %labels {ignore_index = -100 : i64} : (tensor<2x8x100xf32>, tensor<2x8xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$logits, Tg_IntTensor:$labels,
                       OptionalAttr<Tg_I64Attr>:$ignore_index);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$logits `,` $labels attr-dict `:` "
                       "functional-type(operands, results)";
}

def Tg_MseOp : Tg_Op<"mse", [Pure, InferTypeOpAdaptor, DeclareOpInterfaceMethods<Tg_VjpOpInterface>]> {
  let summary = "mean squared error";
  let description = [{
    `result = sum over i of (lhs[i] - rhs[i])^2 / N` with N the number of
    elements (torch.nn.functional.mse_loss with reduction="mean").

    Constraints:
    C1. `lhs` and `rhs` have the same type (no broadcasting: a silent
        broadcast in a loss hides bugs).
    C2. The result is a rank-0 tensor of that element type.

    Example:
    ```mlir
    %l = tg.mse %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Tg_FloatTensor:$lhs, Tg_FloatTensor:$rhs);
  let results = (outs Tg_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` "
                       "functional-type(operands, results)";
}

include "ir/TgRnnOps.td"
include "ir/TgFusedOps.td"
include "ir/TgElementwiseRegion.td"

#endif // TG_OPS_TD
