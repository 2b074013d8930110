// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that matmul_c1 rejects an operand of rank below 2.
func.func @matmul_c1_rank(%arg0: tensor<3xf32>, %arg1: tensor<3x4xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'tg.matmul' op operands need rank >= 2, got lhs 'tensor<3xf32>' and rhs 'tensor<3x4xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that matmul_c1 rejects operands with different element types.
func.func @matmul_c1_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf16>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'tg.matmul' op operands lhs ('tensor<2x3xf32>') and rhs ('tensor<3x4xf16>') have different element types}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that matmul_c2 rejects mismatched contracted dimensions.
func.func @matmul_c2(%arg0: tensor<2x3xf32>, %arg1: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+2 {{'tg.matmul' op contracted dimensions differ: lhs 'tensor<2x3xf32>' has K = 3 but rhs 'tensor<4x5xf32>' has K = 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Tests that matmul_c2 names the transposed operand whose K disagrees.
func.func @matmul_c2_transposed(%arg0: tensor<2x3xf32>, %arg1: tensor<4x3xf32>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'tg.matmul' op contracted dimensions differ: lhs 'tensor<2x3xf32>' (transposed) has K = 2 but rhs 'tensor<4x3xf32>' has K = 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 {transpose_a = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that matmul_c3 rejects batch dimensions that do not broadcast.
func.func @matmul_c3(%arg0: tensor<2x2x3xf32>, %arg1: tensor<3x3x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error@+2 {{'tg.matmul' op batch dimensions of lhs ('tensor<2x2x3xf32>') and rhs ('tensor<3x3x4xf32>') are not broadcast-compatible}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<2x2x4xf32>
  return %0 : tensor<2x2x4xf32>
}

// -----

// Tests that matmul rejects a result type other than the inferred one.
func.func @matmul_result(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) -> tensor<4x2xf32> {
  // expected-error@+2 {{'tg.matmul' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<4x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// Tests that matmul rejects i1 operands.
func.func @matmul_i1(%arg0: tensor<2x2xi1>) -> tensor<2x2xi1> {
  // expected-error@+1 {{'tg.matmul' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x2xi1>'}}
  %0 = tg.matmul %arg0, %arg0 : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// -----

// Tests that matmul rejects a dynamically shaped operand.
func.func @matmul_dynamic(%arg0: tensor<?x3xf32>, %arg1: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'tg.matmul' op operand #0 must be statically shaped tensor of}}
  %0 = tg.matmul %arg0, %arg1 : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
