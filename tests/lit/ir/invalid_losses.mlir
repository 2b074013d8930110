// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that cross_entropy_c1 rejects labels not shaped like logits without the class dimension.
func.func @cross_entropy_c1(%arg0: tensor<2x3xf32>, %arg1: tensor<3xi64>) -> tensor<f32> {
  // expected-error@+2 {{'tg.cross_entropy' op labels 'tensor<3xi64>' must have the shape of logits 'tensor<2x3xf32>' without its last (class) dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that cross_entropy_c1 rejects rank-0 logits.
func.func @cross_entropy_c1_rank(%arg0: tensor<f32>, %arg1: tensor<i64>) -> tensor<f32> {
  // expected-error@+2 {{'tg.cross_entropy' op labels 'tensor<i64>' must have the shape of logits 'tensor<f32>' without its last (class) dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that cross_entropy rejects float labels.
func.func @cross_entropy_float_labels(%arg0: tensor<2x3xf32>, %arg1: tensor<2xf32>) -> tensor<f32> {
  // expected-error@+1 {{'tg.cross_entropy' op operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that cross_entropy_c2 rejects a result that is not rank 0.
func.func @cross_entropy_c2_rank(%arg0: tensor<2x3xf32>, %arg1: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.cross_entropy' op inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that cross_entropy_c2 rejects a result element type other than the logits'.
func.func @cross_entropy_c2_element_type(%arg0: tensor<2x3xf16>, %arg1: tensor<2xi32>) -> tensor<f32> {
  // expected-error@+2 {{'tg.cross_entropy' op inferred type(s) 'tensor<f16>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<2x3xf16>, tensor<2xi32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that mse_c1 rejects operands of different shapes instead of broadcasting.
func.func @mse_c1_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<f32> {
  // expected-error@+2 {{'tg.mse' op operands lhs ('tensor<2x3xf32>') and rhs ('tensor<3xf32>') must have the same type}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.mse %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that mse_c1 rejects operands of different element types.
func.func @mse_c1_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf64>) -> tensor<f32> {
  // expected-error@+2 {{'tg.mse' op operands lhs ('tensor<2x3xf32>') and rhs ('tensor<2x3xf64>') must have the same type}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.mse %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that mse_c2 rejects a result that is not rank 0.
func.func @mse_c2(%arg0: tensor<2x3xf32>) -> tensor<1xf32> {
  // expected-error@+2 {{'tg.mse' op inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<1xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.mse %arg0, %arg0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// Tests that mse is float-only.
func.func @mse_int(%arg0: tensor<2x3xi32>) -> tensor<i32> {
  // expected-error@+1 {{'tg.mse' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x3xi32>'}}
  %0 = tg.mse %arg0, %arg0 : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}
