// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that softmax_c1 rejects an axis at or above rank.
func.func @softmax_c1(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'tg.softmax' op axis 2 is out of range for 'tensor<2x3xf32>' (expected [-2, 2))}}
  %0 = tg.softmax %arg0 {axis = 2 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that softmax is float-only and rejects an i32 operand.
func.func @softmax_int(%arg0: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error@+1 {{'tg.softmax' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x3xi32>'}}
  %0 = tg.softmax %arg0 : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Tests that softmax rejects a result type other than the operand's.
func.func @softmax_result(%arg0: tensor<2x3xf32>) -> tensor<2x3xf16> {
  // expected-error@+1 {{'tg.softmax' op requires the same type for all operands and results}}
  %0 = "tg.softmax"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// Tests that log_softmax_c1 rejects a negative axis below -rank.
func.func @log_softmax_c1(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'tg.log_softmax' op axis -3 is out of range for 'tensor<2x3xf32>' (expected [-2, 2))}}
  %0 = tg.log_softmax %arg0 {axis = -3 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that log_softmax rejects a dynamically shaped operand.
func.func @log_softmax_dynamic(%arg0: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error@+1 {{'tg.log_softmax' op operand #0 must be statically shaped tensor of}}
  %0 = tg.log_softmax %arg0 : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that layer_norm_c1 rejects an axis out of range.
func.func @layer_norm_c1(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.layer_norm' op axis 2 is out of range for input 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that layer_norm_c2 rejects a scale shaped like the whole input.
func.func @layer_norm_c2_scale_shape(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.layer_norm' op scale has type 'tensor<2x3xf32>' but input 'tensor<2x3xf32>' normalized from axis 1 needs 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 scale %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that layer_norm_c2 rejects a bias with another element type.
func.func @layer_norm_c2_bias_type(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf16>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.layer_norm' op bias has type 'tensor<3xf16>' but input 'tensor<2x3xf32>' normalized from axis 1 needs 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 bias %arg1 : (tensor<2x3xf32>, tensor<3xf16>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that layer_norm_c2 checks scale against the dimensions from an explicit axis.
func.func @layer_norm_c2_axis(%arg0: tensor<2x8x16xf32>, %arg1: tensor<16xf32>) -> tensor<2x8x16xf32> {
  // expected-error@+2 {{'tg.layer_norm' op scale has type 'tensor<16xf32>' but input 'tensor<2x8x16xf32>' normalized from axis 1 needs 'tensor<8x16xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 scale %arg1 bias %arg1 {axis = -2 : i64} : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  return %0 : tensor<2x8x16xf32>
}

// -----

// Tests that layer_norm_c3 rejects a negative epsilon.
func.func @layer_norm_c3(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.layer_norm' op epsilon must be >= 0, got -1.000000e+00}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 {epsilon = -1.0 : f64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that layer_norm rejects a result type other than the input's.
func.func @layer_norm_result(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'tg.layer_norm' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.layer_norm %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that layer_norm is float-only and rejects an i64 input.
func.func @layer_norm_int(%arg0: tensor<2x3xi64>) -> tensor<2x3xi64> {
  // expected-error@+1 {{'tg.layer_norm' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x3xi64>'}}
  %0 = tg.layer_norm %arg0 : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
