// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that attention_c1 rejects query, key and value of different ranks.
func.func @attention_rank(%q: tensor<4x8x16xf32>, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>) -> tensor<4x8x16xf32> {
  // expected-error@+2 {{'tg.attention' op query 'tensor<4x8x16xf32>', key 'tensor<2x4x8x16xf32>' and value 'tensor<2x4x8x16xf32>' need the same rank (>= 2), element type and leading dimensions}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.attention %q, %k, %v {scale = 1.0 : f64} : (tensor<4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<4x8x16xf32>
  return %0 : tensor<4x8x16xf32>
}

// -----

// Tests that attention_c2 rejects a key whose head dimension differs from the query's.
func.func @attention_head_dim(%q: tensor<8x16xf32>, %k: tensor<8x12xf32>, %v: tensor<8x16xf32>) -> tensor<8x16xf32> {
  // expected-error@+2 {{must agree on the last dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.attention %q, %k, %v {scale = 1.0 : f64} : (tensor<8x16xf32>, tensor<8x12xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// Tests that attention_c3 rejects a mask that does not broadcast to the scores.
func.func @attention_mask(%q: tensor<8x16xf32>, %k: tensor<6x16xf32>, %v: tensor<6x16xf32>, %m: tensor<8x8xi1>) -> tensor<8x16xf32> {
  // expected-error@+2 {{mask 'tensor<8x8xi1>' must be i1 or 'f32' and broadcast to the scores 'tensor<8x6xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.attention %q, %k, %v mask %m {scale = 1.0 : f64} : (tensor<8x16xf32>, tensor<6x16xf32>, tensor<6x16xf32>, tensor<8x8xi1>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// Tests that add_layer_norm_c1 rejects operands of different types.
func.func @add_layer_norm_types(%x: tensor<2x8xf32>, %r: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error@+2 {{'tg.add_layer_norm' op input ('tensor<2x8xf32>') and residual ('tensor<8xf32>') must have the same type}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %s = tg.add_layer_norm %x, %r : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return %y : tensor<2x8xf32>
}

// -----

// Tests that add_layer_norm_c2 applies layer_norm's scale check.
func.func @add_layer_norm_scale(%x: tensor<2x8xf32>, %g: tensor<4xf32>) -> tensor<2x8xf32> {
  // expected-error@+2 {{scale has type 'tensor<4xf32>' but input 'tensor<2x8xf32>' normalized from axis 1 needs 'tensor<8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %s = tg.add_layer_norm %x, %x scale %g : (tensor<2x8xf32>, tensor<2x8xf32>, tensor<4xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return %y : tensor<2x8xf32>
}

// -----

// Tests that fused_matmul_c1 applies matmul's contraction check.
func.func @fused_matmul_k(%x: tensor<4x16xf32>, %w: tensor<32x8xf32>) -> tensor<4x32xf32> {
  // expected-error@+2 {{contracted dimensions differ}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.fused_matmul %x, %w activation(none) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x8xf32>) -> tensor<4x32xf32>
  return %0 : tensor<4x32xf32>
}

// -----

// Tests that fused_matmul_c2 rejects a bias that would change the result shape.
func.func @fused_matmul_bias(%x: tensor<4x16xf32>, %w: tensor<32x16xf32>, %b: tensor<2x32xf32>) -> tensor<4x32xf32> {
  // expected-error@+2 {{bias 'tensor<2x32xf32>' must broadcast to the matmul result 'tensor<4x32xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.fused_matmul %x, %w bias %b activation(relu) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<2x32xf32>) -> tensor<4x32xf32>
  return %0 : tensor<4x32xf32>
}

// -----

// Tests that fused_matmul_c3 rejects gelu on an integer result.
func.func @fused_matmul_int_gelu(%x: tensor<4x16xi32>, %w: tensor<16x8xi32>) -> tensor<4x8xi32> {
  // expected-error@+2 {{activation gelu_erf needs a float result, got 'tensor<4x8xi32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.fused_matmul %x, %w activation(gelu_erf) : (tensor<4x16xi32>, tensor<16x8xi32>) -> tensor<4x8xi32>
  return %0 : tensor<4x8xi32>
}

// -----

// Tests that nearest_codeword_c1 rejects a codebook whose vectors are not the input's length.
func.func @nearest_codeword_dim(%z: tensor<8x4xf32>, %e: tensor<16x5xf32>) -> tensor<8xi64> {
  // expected-error@+2 {{'tg.nearest_codeword' op input 'tensor<8x4xf32>' and codebook 'tensor<16x5xf32>' must be rank 2 with the same element type and second dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.nearest_codeword %z, %e : (tensor<8x4xf32>, tensor<16x5xf32>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// -----

// Tests that nearest_codeword_c1 rejects an input that is not rank 2.
func.func @nearest_codeword_rank(%z: tensor<2x8x4xf32>, %e: tensor<16x4xf32>) -> tensor<2xi64> {
  // expected-error@+2 {{must be rank 2 with the same element type and second dimension}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.nearest_codeword %z, %e : (tensor<2x8x4xf32>, tensor<16x4xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that nearest_codeword_c2 rejects an empty codebook.
func.func @nearest_codeword_empty(%z: tensor<8x4xf32>, %e: tensor<0x4xf32>) -> tensor<8xi64> {
  // expected-error@+2 {{codebook 'tensor<0x4xf32>' has no codewords}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.nearest_codeword %z, %e : (tensor<8x4xf32>, tensor<0x4xf32>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// -----

// Tests that nearest_codeword_c3 rejects a result that is not i64 [N].
func.func @nearest_codeword_result(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>) -> tensor<16xi64> {
  // expected-error@+2 {{'tg.nearest_codeword' op inferred type(s) 'tensor<8xi64>' are incompatible with return type(s) of operation 'tensor<16xi64>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.nearest_codeword %z, %e : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<16xi64>
  return %0 : tensor<16xi64>
}
