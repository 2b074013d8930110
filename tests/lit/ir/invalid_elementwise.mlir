// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that binary_c1 rejects operands with different element types.
func.func @binary_c1(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf64>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.sub' op operands lhs ('tensor<2x3xf32>') and rhs ('tensor<3xf64>') have different element types}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.sub %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that binary_c2 rejects operands whose shapes do not broadcast.
func.func @binary_c2(%arg0: tensor<2x3xf32>, %arg1: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.add' op operands lhs ('tensor<2x3xf32>') and rhs ('tensor<4xf32>') are not broadcast-compatible}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that binary_c2 rejects a result type other than the broadcast shape.
func.func @binary_c2_result(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error@+2 {{'tg.mul' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.mul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Tests that binary_c1 rejects a result element type other than the operands'.
func.func @binary_c1_result(%arg0: tensor<3xi32>, %arg1: tensor<3xi32>) -> tensor<3xi64> {
  // expected-error@+2 {{'tg.max' op inferred type(s) 'tensor<3xi32>' are incompatible with return type(s) of operation 'tensor<3xi64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.max %arg0, %arg1 : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Tests that the numeric binary ops reject i1 operands.
func.func @add_i1(%arg0: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{'tg.add' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = tg.add %arg0, %arg0 : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that pow is float-only and rejects integer operands.
func.func @pow_int(%arg0: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{'tg.pow' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = tg.pow %arg0, %arg0 : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that the binary ops reject a dynamically shaped operand.
func.func @div_dynamic(%arg0: tensor<?x3xf32>, %arg1: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'tg.div' op operand #0 must be statically shaped tensor of}}
  %0 = tg.div %arg0, %arg1 : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that exp is float-only and rejects an i32 operand.
func.func @exp_int(%arg0: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{'tg.exp' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = tg.exp %arg0 : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that sigmoid is float-only and rejects an i64 operand.
func.func @sigmoid_int(%arg0: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error@+1 {{'tg.sigmoid' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi64>'}}
  %0 = tg.sigmoid %arg0 : tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that gelu is float-only and rejects an i32 operand.
func.func @gelu_int(%arg0: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{'tg.gelu' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = tg.gelu %arg0 approximate(erf) : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that gelu rejects an unknown approximation keyword.
func.func @gelu_bad_approximation(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [erf, tanh]}}
  %0 = tg.gelu %arg0 approximate(fast) : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that the unary ops reject a dynamically shaped operand.
func.func @neg_dynamic(%arg0: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'tg.neg' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = tg.neg %arg0 : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that the unary ops reject a result type other than the operand's.
func.func @tanh_result(%arg0: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'tg.tanh' op requires the same type for all operands and results}}
  %0 = "tg.tanh"(%arg0) : (tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that stop_gradient rejects a result type other than the operand's.
func.func @stop_gradient_result(%arg0: tensor<2xf32>) -> tensor<2xf16> {
  // expected-error@+1 {{'tg.stop_gradient' op requires the same type for all operands and results}}
  %0 = "tg.stop_gradient"(%arg0) : (tensor<2xf32>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

// Tests that compare_c1 rejects operands with different element types.
func.func @compare_c1(%arg0: tensor<2xf32>, %arg1: tensor<2xi32>) -> tensor<2xi1> {
  // expected-error@+2 {{'tg.compare' op operands lhs ('tensor<2xf32>') and rhs ('tensor<2xi32>') have different element types}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.compare lt, %arg0, %arg1 : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that compare_c1 rejects a result that is not i1.
func.func @compare_c1_result(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.compare' op result #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = tg.compare lt, %arg0, %arg0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that compare_c2 rejects operands whose shapes do not broadcast.
func.func @compare_c2(%arg0: tensor<2x3xi64>, %arg1: tensor<2xi64>) -> tensor<2x3xi1> {
  // expected-error@+2 {{'tg.compare' op operands lhs ('tensor<2x3xi64>') and rhs ('tensor<2xi64>') are not broadcast-compatible}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.compare eq, %arg0, %arg1 : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Tests that compare_c2 rejects a result shape other than the broadcast shape.
func.func @compare_c2_result(%arg0: tensor<2x3xi64>, %arg1: tensor<3xi64>) -> tensor<3xi1> {
  // expected-error@+2 {{'tg.compare' op inferred type(s) 'tensor<2x3xi1>' are incompatible with return type(s) of operation 'tensor<3xi1>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.compare ge, %arg0, %arg1 : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Tests that compare rejects an unknown direction keyword.
func.func @compare_bad_direction(%arg0: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [eq, ne, lt, le, gt, ge]}}
  %0 = tg.compare lq, %arg0, %arg0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that select_c1 rejects a condition that is not i1.
func.func @select_c1_condition(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.select' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = tg.select %arg0, %arg1, %arg1 : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that select_c1 rejects branches with different element types.
func.func @select_c1_branches(%arg0: tensor<2xi1>, %arg1: tensor<2xf32>, %arg2: tensor<2xi32>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.select' op operands on_true ('tensor<2xf32>') and on_false ('tensor<2xi32>') have different element types}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.select %arg0, %arg1, %arg2 : (tensor<2xi1>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that select_c2 rejects a condition that does not broadcast with the branches.
func.func @select_c2_condition(%arg0: tensor<3xi1>, %arg1: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.select' op condition ('tensor<3xi1>') is not broadcast-compatible with on_true ('tensor<2xf32>') and on_false ('tensor<2xf32>')}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.select %arg0, %arg1, %arg1 : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that select_c2 rejects branches whose shapes do not broadcast.
func.func @select_c2_branches(%arg0: tensor<2xi1>, %arg1: tensor<2xf32>, %arg2: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.select' op operands on_true ('tensor<2xf32>') and on_false ('tensor<3xf32>') are not broadcast-compatible}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.select %arg0, %arg1, %arg2 : (tensor<2xi1>, tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that select_c2 rejects a result shape other than the broadcast shape.
func.func @select_c2_result(%arg0: tensor<4x1xi1>, %arg1: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'tg.select' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.select %arg0, %arg1, %arg1 : (tensor<4x1xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that cast_c1 rejects a result shape other than the operand's.
func.func @cast_c1(%arg0: tensor<2xf32>) -> tensor<3xf16> {
  // expected-error@+1 {{'tg.cast' op requires the same shape for all operands and results}}
  %0 = tg.cast %arg0 : (tensor<2xf32>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

// Tests that cast rejects an element type outside the dialect's set.
func.func @cast_unsigned(%arg0: tensor<2xui8>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.cast' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xui8>'}}
  %0 = tg.cast %arg0 : (tensor<2xui8>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
