// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that reduce_c1 rejects an empty axes list.
func.func @reduce_c1_empty(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.reduce_sum' op needs at least one axis}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_sum %arg0 {axes = array<i64>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that reduce_c1 rejects a negative axis below -rank.
func.func @reduce_c1_range_negative(%arg0: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error@+2 {{'tg.reduce_mean' op axis -3 is out of range for rank 2 (expected [-2, 2))}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_mean %arg0 {axes = array<i64: -3>} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests that reduce_c1 rejects an axis at or above rank.
func.func @reduce_c1_range(%arg0: tensor<2x3xi32>) -> tensor<2xi32> {
  // expected-error@+2 {{'tg.reduce_min' op axis 2 is out of range for rank 2 (expected [-2, 2))}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_min %arg0 {axes = array<i64: 2>} : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that reduce_c1 rejects an axis listed twice, also via its negative spelling.
func.func @reduce_c1_twice(%arg0: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.reduce_max' op axis -1 is listed twice}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_max %arg0 {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that reduce_c2 rejects a result shape that keeps a dimension without keepdims.
func.func @reduce_c2_shape(%arg0: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error@+2 {{'tg.reduce_sum' op inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<1x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_sum %arg0 {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Tests that reduce_c2 rejects a result element type other than the operand's.
func.func @reduce_c2_element_type(%arg0: tensor<2x3xf32>) -> tensor<2x1xf16> {
  // expected-error@+2 {{'tg.reduce_max' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf16>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.reduce_max %arg0 {axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf16>
  return %0 : tensor<2x1xf16>
}

// -----

// Tests that reduce_mean is float-only and rejects an i32 operand.
func.func @reduce_mean_int(%arg0: tensor<2x3xi32>) -> tensor<i32> {
  // expected-error@+1 {{'tg.reduce_mean' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x3xi32>'}}
  %0 = tg.reduce_mean %arg0 {axes = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// Tests that the reductions reject a dynamically shaped operand.
func.func @reduce_dynamic(%arg0: tensor<2x?xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.reduce_sum' op operand #0 must be statically shaped tensor of}}
  %0 = tg.reduce_sum %arg0 {axes = array<i64: 1>} : (tensor<2x?xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that the reductions require the axes attribute.
func.func @reduce_missing_axes(%arg0: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.reduce_sum' op requires attribute 'axes'}}
  %0 = tg.reduce_sum %arg0 : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that arg_reduce_c1 rejects an axis out of range.
func.func @arg_reduce_c1_range(%arg0: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error@+2 {{'tg.argmax' op axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.argmax %arg0 {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that arg_reduce_c1 rejects reducing over a dimension of size 0.
func.func @arg_reduce_c1_empty(%arg0: tensor<2x0xf32>) -> tensor<2xi64> {
  // expected-error@+2 {{'tg.argmin' op cannot reduce over empty dimension 1 of 'tensor<2x0xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.argmin %arg0 {axis = 1 : i64} : (tensor<2x0xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that arg_reduce_c2 rejects a result that is not i64.
func.func @arg_reduce_c2_element_type(%arg0: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{'tg.argmin' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = tg.argmin %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that arg_reduce_c2 rejects a result shape other than the reduced shape.
func.func @arg_reduce_c2_shape(%arg0: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error@+2 {{'tg.argmax' op inferred type(s) 'tensor<2x1xi64>' are incompatible with return type(s) of operation 'tensor<2xi64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.argmax %arg0 {axis = -1 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
