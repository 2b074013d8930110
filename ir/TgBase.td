//===- TgBase.td - the tg dialect, its enums and type constraints -*- tablegen -*-===//
//
// tg is tgc's graph IR: tensor operations with static shapes over builtin
// ranked tensors. This file declares the dialect, the enum attributes used
// by its ops, and the tensor type constraints the ops share.
//
//===----------------------------------------------------------------------===//

#ifndef TG_BASE_TD
#define TG_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Tg_Dialect : Dialect {
  let name = "tg";
  let cppNamespace = "::tgc::tg";
  let summary = "Tensor graph operations with exact, documented numerics";
  let description = [{
    The tg dialect expresses deep-learning models as graphs of tensor
    operations. Values are builtin ranked tensors with static shapes and
    element type f16, bf16, f32, f64, i1, i32 or i64. Elementwise ops
    broadcast like NumPy. Every op states its exact math in its description;
    the float64 reference backend implements exactly that.

    Function arguments carry `tg.param = "name"` (a weight, looked up by name
    in a safetensors file) or `tg.input = "name"`; a function's results are
    named by its `tg.result_names` array attribute.
  }];
  let useDefaultAttributePrinterParser = 0;
  let hasConstantMaterializer = 1;
  // tg.param / tg.input / tg.index_bound on arguments, tg.result_names on
  // functions.
  let hasRegionArgAttrVerify = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    static constexpr llvm::StringLiteral kParamAttr = "tg.param";
    static constexpr llvm::StringLiteral kInputAttr = "tg.input";
    static constexpr llvm::StringLiteral kIndexBoundAttr = "tg.index_bound";
    /// Marks a tg.param of a training step that is optimizer state (Adam's
    /// moments, a momentum buffer): it starts at zero, not from weights.
    static constexpr llvm::StringLiteral kOptimizerStateAttr = "tg.optimizer_state";
    /// Marks a tg.input (a tensor<i64> scalar) that counts training steps:
    /// `tgc train` sets it to the step index 0, 1, ...; elsewhere it is an
    /// ordinary input. Random ops take it as their `step` operand.
    static constexpr llvm::StringLiteral kStepCounterAttr = "tg.step_counter";
    static constexpr llvm::StringLiteral kResultNamesAttr = "tg.result_names";
  }];
}

class Tg_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tg_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def Tg_FloatElement : AnyTypeOf<[F16, BF16, F32, F64]>;
def Tg_IntElement : AnyTypeOf<[I32, I64]>;

def Tg_Tensor : StaticShapeTensorOf<[F16, BF16, F32, F64, I1, I32, I64]>;
def Tg_FloatTensor : StaticShapeTensorOf<[F16, BF16, F32, F64]>;
def Tg_NumericTensor : StaticShapeTensorOf<[F16, BF16, F32, F64, I32, I64]>;
def Tg_IntTensor : StaticShapeTensorOf<[I32, I64]>;
def Tg_BoolTensor : StaticShapeTensorOf<[I1]>;
def Tg_IndexTensor : StaticShapeTensorOf<[I64]>;

/// An i64 attribute read as signed: axes may be negative (-1 is the last).
/// The builtin I64Attr hands its value back zero-extended as uint64_t.
def Tg_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                              "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Tg_CompareDirection : I32EnumAttr<"CompareDirection",
    "comparison of two tensors, elementwise", [
      I32EnumAttrCase<"EQ", 0, "eq">, I32EnumAttrCase<"NE", 1, "ne">,
      I32EnumAttrCase<"LT", 2, "lt">, I32EnumAttrCase<"LE", 3, "le">,
      I32EnumAttrCase<"GT", 4, "gt">, I32EnumAttrCase<"GE", 5, "ge">]> {
  let cppNamespace = "::tgc::tg";
}

def Tg_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "which formula tg.gelu computes", [
      I32EnumAttrCase<"Erf", 0, "erf">,
      I32EnumAttrCase<"Tanh", 1, "tanh">]> {
  let cppNamespace = "::tgc::tg";
}

#endif // TG_BASE_TD
