// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that constant rejects a result type other than its value's type.
func.func @constant_result() -> tensor<3xf32> {
  // expected-error@+2 {{'tg.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = "tg.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that constant rejects an element type outside the dialect's set.
func.func @constant_i8() -> tensor<2xi8> {
  // expected-error@+1 {{'tg.constant' op result #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi8>'}}
  %0 = tg.constant dense<1> : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// Tests that reshape_c1 rejects a different number of elements.
func.func @reshape_c1_count(%arg0: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error@+1 {{'tg.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<7xf32>' (7 elements): element type and count must match}}
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// Tests that reshape_c1 rejects a different element type.
func.func @reshape_c1_element_type(%arg0: tensor<2x3xf32>) -> tensor<6xf16> {
  // expected-error@+1 {{'tg.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<6xf16>' (6 elements): element type and count must match}}
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<6xf16>
  return %0 : tensor<6xf16>
}

// -----

// Tests that reshape rejects a dynamically shaped result.
func.func @reshape_dynamic(%arg0: tensor<2x3xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'tg.reshape' op result #0 must be statically shaped tensor of}}
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that transpose_c1 rejects a permutation that repeats a dimension.
func.func @transpose_c1_repeat(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'tg.transpose' op permutation [1, 1] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that transpose_c1 rejects a permutation of the wrong length.
func.func @transpose_c1_length(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'tg.transpose' op permutation [1, 0, 2] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that transpose_c1 rejects a permutation entry out of range.
func.func @transpose_c1_range(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+2 {{'tg.transpose' op permutation [1, 2] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that transpose rejects a result type other than the permuted one.
func.func @transpose_result(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'tg.transpose' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that concat_c1 rejects an empty input list.
func.func @concat_c1_empty() -> tensor<2xf32> {
  // expected-error@+2 {{'tg.concat' op needs at least one input}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = "tg.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that concat_c1 rejects inputs with different element types.
func.func @concat_c1_element_type(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf16>) -> tensor<4x3xf32> {
  // expected-error@+2 {{'tg.concat' op input 1 ('tensor<2x3xf16>') does not match input 0 ('tensor<2x3xf32>') in element type and every dimension but axis 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.concat %arg0, %arg1 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c1 rejects inputs with different ranks.
func.func @concat_c1_rank(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error@+2 {{'tg.concat' op input 1 ('tensor<3xf32>') does not match input 0 ('tensor<2x3xf32>') in element type and every dimension but axis 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.concat %arg0, %arg1 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c2 rejects an axis at or above rank.
func.func @concat_c2(%arg0: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+2 {{'tg.concat' op axis 2 is out of range for 'tensor<2x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.concat %arg0, %arg0 {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that concat_c3 rejects inputs that differ off the concatenation axis.
func.func @concat_c3(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<2x4xf32>) -> tensor<6x3xf32> {
  // expected-error@+2 {{'tg.concat' op input 2 ('tensor<2x4xf32>') does not match input 0 ('tensor<2x3xf32>') in element type and every dimension but axis 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.concat %arg0, %arg1, %arg2 {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<6x3xf32>
  return %0 : tensor<6x3xf32>
}

// -----

// Tests that concat rejects a result type other than the joined shape.
func.func @concat_result(%arg0: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error@+2 {{'tg.concat' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<2x6xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.concat %arg0, %arg0 {axis = -2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Tests that slice_c1 rejects start and limit with too few entries.
func.func @slice_c1(%arg0: tensor<2x8xf32>) -> tensor<2xf32> {
  // expected-error@+2 {{'tg.slice' op start, limit and strides need one entry per dimension of 'tensor<2x8xf32>', got 1, 1 and 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0>, limit = array<i64: 2>} : (tensor<2x8xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that slice_c1 rejects strides with too few entries.
func.func @slice_c1_strides(%arg0: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error@+2 {{'tg.slice' op start, limit and strides need one entry per dimension of 'tensor<2x8xf32>', got 2, 2 and 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 8>, strides = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Tests that slice_c2 rejects a negative start.
func.func @slice_c2_start(%arg0: tensor<2x8xf32>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'tg.slice' op dimension 0 of 'tensor<2x8xf32>': need 0 <= start <= limit <= 2 and stride >= 1, got start -1, limit 2, stride 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: -1, 0>, limit = array<i64: 2, 4>} : (tensor<2x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that slice_c2 rejects a start beyond the limit.
func.func @slice_c2_order(%arg0: tensor<2x8xf32>) -> tensor<2x0xf32> {
  // expected-error@+2 {{'tg.slice' op dimension 1 of 'tensor<2x8xf32>': need 0 <= start <= limit <= 8 and stride >= 1, got start 5, limit 4, stride 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0, 5>, limit = array<i64: 2, 4>} : (tensor<2x8xf32>) -> tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}

// -----

// Tests that slice_c2 rejects a limit beyond the dimension.
func.func @slice_c2_limit(%arg0: tensor<2x8xf32>) -> tensor<2x9xf32> {
  // expected-error@+2 {{'tg.slice' op dimension 1 of 'tensor<2x8xf32>': need 0 <= start <= limit <= 8 and stride >= 1, got start 0, limit 9, stride 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 9>} : (tensor<2x8xf32>) -> tensor<2x9xf32>
  return %0 : tensor<2x9xf32>
}

// -----

// Tests that slice_c2 rejects a stride of 0.
func.func @slice_c2_stride(%arg0: tensor<2x8xf32>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'tg.slice' op dimension 1 of 'tensor<2x8xf32>': need 0 <= start <= limit <= 8 and stride >= 1, got start 0, limit 4, stride 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 4>, strides = array<i64: 1, 0>} : (tensor<2x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that slice rejects a result shape other than ceil((limit - start) / stride).
func.func @slice_result(%arg0: tensor<2x8xf32>) -> tensor<2x4xf32> {
  // expected-error@+2 {{'tg.slice' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.slice %arg0 {start = array<i64: 0, 2>, limit = array<i64: 2, 8>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that gather_c1 rejects an axis at or above the rank of params.
func.func @gather_c1(%arg0: tensor<4x5xf32>, %arg1: tensor<3xi32>) -> tensor<3x5xf32> {
  // expected-error@+2 {{'tg.gather' op axis 2 is out of range for params 'tensor<4x5xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.gather %arg0, %arg1 {axis = 2 : i64} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Tests that gather_c2 rejects float indices.
func.func @gather_c2_indices(%arg0: tensor<4x5xf32>, %arg1: tensor<3xf32>) -> tensor<3x5xf32> {
  // expected-error@+1 {{'tg.gather' op operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = tg.gather %arg0, %arg1 : (tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Tests that gather_c2 rejects a result element type other than params'.
func.func @gather_c2_result(%arg0: tensor<4x5xf32>, %arg1: tensor<3xi64>) -> tensor<3x5xf16> {
  // expected-error@+2 {{'tg.gather' op inferred type(s) 'tensor<3x5xf32>' are incompatible with return type(s) of operation 'tensor<3x5xf16>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %0 = tg.gather %arg0, %arg1 : (tensor<4x5xf32>, tensor<3xi64>) -> tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}

// -----

// Tests that broadcast_to_c1 rejects a different element type.
func.func @broadcast_to_c1_element_type(%arg0: tensor<3xf32>) -> tensor<3xf16> {
  // expected-error@+1 {{'tg.broadcast_to' op cannot broadcast 'tensor<3xf32>' to 'tensor<3xf16>'}}
  %0 = tg.broadcast_to %arg0 : (tensor<3xf32>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

// Tests that broadcast_to_c1 rejects a result of lower rank than the operand.
func.func @broadcast_to_c1_rank(%arg0: tensor<1x3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'tg.broadcast_to' op cannot broadcast 'tensor<1x3xf32>' to 'tensor<3xf32>'}}
  %0 = tg.broadcast_to %arg0 : (tensor<1x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that broadcast_to_c2 rejects an operand dimension that is neither equal nor 1.
func.func @broadcast_to_c2(%arg0: tensor<3x2xf32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{'tg.broadcast_to' op cannot broadcast 'tensor<3x2xf32>' to 'tensor<3x4xf32>': each operand dimension must equal the aligned result dimension or be 1}}
  %0 = tg.broadcast_to %arg0 : (tensor<3x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Tests that broadcast_to_c2 rejects a result dimension of 1 where the operand's is larger.
func.func @broadcast_to_c2_shrink(%arg0: tensor<3x4xf32>) -> tensor<3x1xf32> {
  // expected-error@+1 {{'tg.broadcast_to' op cannot broadcast 'tensor<3x4xf32>' to 'tensor<3x1xf32>': each operand dimension must equal the aligned result dimension or be 1}}
  %0 = tg.broadcast_to %arg0 : (tensor<3x4xf32>) -> tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// -----

// Tests that iota_c1 rejects a dimension at or above rank.
func.func @iota_c1_range() -> tensor<4x4xi64> {
  // expected-error@+1 {{'tg.iota' op dimension 2 is out of range for 'tensor<4x4xi64>'}}
  %0 = tg.iota {dimension = 2 : i64} : tensor<4x4xi64>
  return %0 : tensor<4x4xi64>
}

// -----

// Tests that iota_c1 rejects an i1 result.
func.func @iota_c1_i1() -> tensor<4xi1> {
  // expected-error@+1 {{'tg.iota' op result #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = tg.iota {dimension = 0 : i64} : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that iota rejects a dynamically shaped result.
func.func @iota_dynamic() -> tensor<?xf32> {
  // expected-error@+1 {{'tg.iota' op result #0 must be statically shaped tensor of}}
  %0 = tg.iota {dimension = 0 : i64} : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that one_hot_c1 rejects a depth of 0.
func.func @one_hot_c1(%arg0: tensor<4xi64>) -> tensor<4x0xf32> {
  // expected-error@+1 {{'tg.one_hot' op depth must be >= 1, got 0}}
  %0 = tg.one_hot %arg0 {depth = 0 : i64} : (tensor<4xi64>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

// Tests that one_hot_c2 rejects a result whose new axis is not last.
func.func @one_hot_c2(%arg0: tensor<4xi64>) -> tensor<10x4xf32> {
  // expected-error@+1 {{'tg.one_hot' op result 'tensor<10x4xf32>' must have shape of indices 'tensor<4xi64>' followed by depth 10}}
  %0 = tg.one_hot %arg0 {depth = 10 : i64} : (tensor<4xi64>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

// Tests that one_hot rejects float indices.
func.func @one_hot_float_indices(%arg0: tensor<4xf32>) -> tensor<4x10xf32> {
  // expected-error@+1 {{'tg.one_hot' op operand #0 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = tg.one_hot %arg0 {depth = 10 : i64} : (tensor<4xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}
