// RUN: tg-opt %s --split-input-file --tg-fuse-attention | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-fuse-attention=report=true --verify-diagnostics > /dev/null

// Tests that softmax(Q·Kᵀ · c)·V with Kᵀ as the transpose_b flag and the
// scale as tg.mul by a constant on the right becomes one tg.attention.
// CHECK-LABEL: func.func @transpose_b_mul_scale
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.matmul
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {scale = 2.500000e-01 : f64} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.matmul
// CHECK: return %[[O]]
func.func @transpose_b_mul_scale(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %c : (tensor<2x8x8xf32>, tensor<f32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %t : tensor<2x8x8xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that Kᵀ as an explicit tg.transpose of the last two dimensions of a
// 4-D [batch, heads, L, D] key, and the scale as a constant on the left of
// tg.mul, fuse; the attention reads the untransposed key.
// CHECK-LABEL: func.func @explicit_transpose_4d
// CHECK-NOT: tg.softmax
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {scale = 2.500000e-01 : f64} : (tensor<2x3x8x16xf32>, tensor<2x3x8x16xf32>, tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32>
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.matmul
// CHECK: return %[[O]]
func.func @explicit_transpose_4d(%q: tensor<2x3x8x16xf32>, %k: tensor<2x3x8x16xf32>, %v: tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32> {
  %kt = tg.transpose %k {permutation = array<i64: 0, 1, 3, 2>} : (tensor<2x3x8x16xf32>) -> tensor<2x3x16x8xf32>
  %s = tg.matmul %q, %kt : (tensor<2x3x8x16xf32>, tensor<2x3x16x8xf32>) -> tensor<2x3x8x8xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %c, %s : (tensor<f32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %p = tg.softmax %t : tensor<2x3x8x8xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x3x8x8xf32>, tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32>
  return %o : tensor<2x3x8x16xf32>
}

// -----

// Tests that a key given already transposed ([..., D, Lk], matmul without
// transpose_b and not through tg.transpose) fuses with a transpose inserted
// in front of the attention.
// CHECK-LABEL: func.func @key_given_transposed
// CHECK: %[[KT:.*]] = tg.transpose %arg1 {permutation = array<i64: 0, 2, 1>} : (tensor<2x16x8xf32>) -> tensor<2x8x16xf32>
// CHECK: %[[O:.*]] = tg.attention %arg0, %[[KT]], %arg2 {scale = 1.000000e+00 : f64}
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @key_given_transposed(%q: tensor<2x8x16xf32>, %kt: tensor<2x16x8xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %kt : (tensor<2x8x16xf32>, tensor<2x16x8xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s : tensor<2x8x8xf32>
  // expected-remark@+1 {{fused 3 ops into tg.attention}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that the scale as tg.div by a constant becomes its reciprocal:
// Q·Kᵀ / 4 is scale 0.25 = 1/sqrt(16).
// CHECK-LABEL: func.func @div_scale
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {scale = 2.500000e-01 : f64} : (tensor<8x16xf32>, tensor<6x16xf32>, tensor<6x32xf32>) -> tensor<8x32xf32>
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.div
// CHECK: return %[[O]]
func.func @div_scale(%q: tensor<8x16xf32>, %k: tensor<6x16xf32>, %v: tensor<6x32xf32>) -> tensor<8x32xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<6x16xf32>) -> tensor<8x6xf32>
  %c = tg.constant dense<4.000000e+00> : tensor<f32>
  %t = tg.div %s, %c : (tensor<8x6xf32>, tensor<f32>) -> tensor<8x6xf32>
  %p = tg.softmax %t : tensor<8x6xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<8x6xf32>, tensor<6x32xf32>) -> tensor<8x32xf32>
  return %o : tensor<8x32xf32>
}

// -----

// Tests that a scale applied to Q before the Q·Kᵀ matmul is folded into the
// attention's scale and the attention reads the unscaled Q.
// CHECK-LABEL: func.func @scale_on_query
// CHECK-NOT: tg.mul
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {scale = 2.500000e-01 : f64}
// CHECK-NOT: tg.mul
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @scale_on_query(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %qs = tg.mul %q, %c : (tensor<2x8x16xf32>, tensor<f32>) -> tensor<2x8x16xf32>
  %s = tg.matmul %qs, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s : tensor<2x8x8xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that an additive float mask (a block argument broadcast as
// [B, 1, 1, Lk], a key padding mask) becomes the attention's mask operand.
// CHECK-LABEL: func.func @additive_mask
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 mask %arg3 {scale = 2.500000e-01 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x16xf32>, tensor<2x1x1x6xf32>) -> tensor<2x4x8x16xf32>
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.add
// CHECK: return %[[O]]
func.func @additive_mask(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x6x16xf32>, %v: tensor<2x4x6x16xf32>, %m: tensor<2x1x1x6xf32>) -> tensor<2x4x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>) -> tensor<2x4x8x6xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %c : (tensor<2x4x8x6xf32>, tensor<f32>) -> tensor<2x4x8x6xf32>
  %a = tg.add %t, %m : (tensor<2x4x8x6xf32>, tensor<2x1x1x6xf32>) -> tensor<2x4x8x6xf32>
  %p = tg.softmax %a : tensor<2x4x8x6xf32>
  // expected-remark@+1 {{fused 5 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x4x8x6xf32>, tensor<2x4x6x16xf32>) -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// Tests that an additive constant of 0 on and below the diagonal and -inf
// above it (mask on the left of tg.add) is recognized as the causal mask:
// causal = true and no mask operand.
// CHECK-LABEL: func.func @causal_constant
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {causal = true, scale = 2.500000e-01 : f64} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @causal_constant(%q: tensor<2x4x16xf32>, %k: tensor<2x4x16xf32>, %v: tensor<2x4x16xf32>) -> tensor<2x4x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x4xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %c : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %m = tg.constant dense<[[0.0, 0xFF800000, 0xFF800000, 0xFF800000],
                          [0.0, 0.0, 0xFF800000, 0xFF800000],
                          [0.0, 0.0, 0.0, 0xFF800000],
                          [0.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %a = tg.add %m, %t : (tensor<4x4xf32>, tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %p = tg.softmax %a : tensor<2x4x4xf32>
  // expected-remark@+1 {{fused 5 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  return %o : tensor<2x4x16xf32>
}

// -----

// Tests that an additive constant that is not the causal pattern (the
// diagonal masked too) stays an ordinary float mask operand.
// CHECK-LABEL: func.func @non_causal_constant_mask
// CHECK: %[[M:.*]] = tg.constant dense<{{.*}}> : tensor<4x4xf32>
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 mask %[[M]] {scale = 1.000000e+00 : f64}
// CHECK-NOT: causal
// CHECK: return %[[O]]
func.func @non_causal_constant_mask(%q: tensor<4x16xf32>, %k: tensor<4x16xf32>, %v: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x4xf32>
  %m = tg.constant dense<[[0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000],
                          [0.0, 0xFF800000, 0xFF800000, 0xFF800000],
                          [0.0, 0.0, 0xFF800000, 0xFF800000],
                          [0.0, 0.0, 0.0, 0xFF800000]]> : tensor<4x4xf32>
  %a = tg.add %s, %m : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = tg.softmax %a : tensor<4x4xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention}}
  %o = tg.matmul %p, %v : (tensor<4x4xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %o : tensor<4x16xf32>
}

// -----

// Tests that a boolean mask through select(c, scores, -inf) becomes the
// attention's i1 mask as is (true = attend).
// CHECK-LABEL: func.func @select_keep_where_true
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 mask %arg3 {scale = 2.500000e-01 : f64} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<8x8xi1>) -> tensor<2x8x16xf32>
// CHECK-NOT: tg.select
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @select_keep_where_true(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>, %c: tensor<8x8xi1>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %sc = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %sc : (tensor<2x8x8xf32>, tensor<f32>) -> tensor<2x8x8xf32>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %t, %ninf : (tensor<8x8xi1>, tensor<2x8x8xf32>, tensor<f32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %m : tensor<2x8x8xf32>
  // expected-remark@+1 {{fused 5 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that select(c, -inf, scores), where c marks the keys to drop, gives
// the attention the negated mask c == false.
// CHECK-LABEL: func.func @select_drop_where_true
// CHECK: %[[NO:.*]] = tg.constant dense<false> : tensor<i1>
// CHECK: %[[KEEP:.*]] = tg.compare eq, %arg3, %[[NO]] : (tensor<2x1x8xi1>, tensor<i1>) -> tensor<2x1x8xi1>
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 mask %[[KEEP]] {scale = 1.000000e+00 : f64} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x1x8xi1>) -> tensor<2x8x16xf32>
// CHECK-NOT: tg.select
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @select_drop_where_true(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>, %pad: tensor<2x1x8xi1>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %pad, %ninf, %s : (tensor<2x1x8xi1>, tensor<f32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %m : tensor<2x8x8xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that the causal mask spelled with two iotas, compare(le, col, row)
// and select(c, scores, -inf) becomes causal = true with no mask operand.
// CHECK-LABEL: func.func @causal_iota_le
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {causal = true, scale = 2.500000e-01 : f64} : (tensor<2x2x5x16xf32>, tensor<2x2x5x16xf32>, tensor<2x2x5x16xf32>) -> tensor<2x2x5x16xf32>
// CHECK-NOT: tg.select
// CHECK-NOT: tg.softmax
// CHECK: return %[[O]]
func.func @causal_iota_le(%q: tensor<2x2x5x16xf32>, %k: tensor<2x2x5x16xf32>, %v: tensor<2x2x5x16xf32>) -> tensor<2x2x5x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x2x5x16xf32>, tensor<2x2x5x16xf32>) -> tensor<2x2x5x5xf32>
  %sc = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %sc : (tensor<2x2x5x5xf32>, tensor<f32>) -> tensor<2x2x5x5xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<5x5xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<5x5xi64>
  %c = tg.compare le, %col, %row : (tensor<5x5xi64>, tensor<5x5xi64>) -> tensor<5x5xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %t, %ninf : (tensor<5x5xi1>, tensor<2x2x5x5xf32>, tensor<f32>) -> tensor<2x2x5x5xf32>
  %p = tg.softmax %m : tensor<2x2x5x5xf32>
  // expected-remark@+1 {{fused 5 ops into tg.attention: tg.matmul (}}
  %o = tg.matmul %p, %v : (tensor<2x2x5x5xf32>, tensor<2x2x5x16xf32>) -> tensor<2x2x5x16xf32>
  return %o : tensor<2x2x5x16xf32>
}

// -----

// Tests that the causal condition written row-first, compare(ge, row, col),
// is recognized as well.
// CHECK-LABEL: func.func @causal_iota_ge_row_first
// CHECK: tg.attention %arg0, %arg1, %arg2 {causal = true, scale = 1.000000e+00 : f64}
// CHECK-NOT: tg.softmax
func.func @causal_iota_ge_row_first(%q: tensor<5x16xf32>, %k: tensor<5x16xf32>, %v: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<5x5xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<5x5xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<5x5xi64>
  %c = tg.compare ge, %row, %col : (tensor<5x5xi64>, tensor<5x5xi64>) -> tensor<5x5xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %s, %ninf : (tensor<5x5xi1>, tensor<5x5xf32>, tensor<f32>) -> tensor<5x5xf32>
  %p = tg.softmax %m : tensor<5x5xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention}}
  %o = tg.matmul %p, %v : (tensor<5x5xf32>, tensor<5x16xf32>) -> tensor<5x16xf32>
  return %o : tensor<5x16xf32>
}

// -----

// Tests that the causal mask as select(col > row, -inf, scores) is
// recognized: the condition marks the keys to drop.
// CHECK-LABEL: func.func @causal_iota_gt_drop
// CHECK-NOT: tg.compare eq
// CHECK: tg.attention %arg0, %arg1, %arg2 {causal = true, scale = 1.000000e+00 : f64}
// CHECK-NOT: tg.softmax
func.func @causal_iota_gt_drop(%q: tensor<5x16xf32>, %k: tensor<5x16xf32>, %v: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<5x5xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<5x5xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<5x5xi64>
  %c = tg.compare gt, %col, %row : (tensor<5x5xi64>, tensor<5x5xi64>) -> tensor<5x5xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %ninf, %s : (tensor<5x5xi1>, tensor<f32>, tensor<5x5xf32>) -> tensor<5x5xf32>
  %p = tg.softmax %m : tensor<5x5xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention}}
  %o = tg.matmul %p, %v : (tensor<5x5xf32>, tensor<5x16xf32>) -> tensor<5x16xf32>
  return %o : tensor<5x16xf32>
}

// -----

// Tests that a select on an iota comparison that is not causal (col < row
// drops the diagonal) is kept as a boolean mask, not causal = true.
// CHECK-LABEL: func.func @iota_not_causal
// CHECK: %[[C:.*]] = tg.compare lt
// CHECK: tg.attention %arg0, %arg1, %arg2 mask %[[C]] {scale = 1.000000e+00 : f64}
// CHECK-NOT: causal
func.func @iota_not_causal(%q: tensor<5x16xf32>, %k: tensor<5x16xf32>, %v: tensor<5x16xf32>) -> tensor<5x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<5x5xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<5x5xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<5x5xi64>
  %c = tg.compare lt, %col, %row : (tensor<5x5xi64>, tensor<5x5xi64>) -> tensor<5x5xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %s, %ninf : (tensor<5x5xi1>, tensor<5x5xf32>, tensor<f32>) -> tensor<5x5xf32>
  %p = tg.softmax %m : tensor<5x5xf32>
  // expected-remark@+1 {{fused 4 ops into tg.attention}}
  %o = tg.matmul %p, %v : (tensor<5x5xf32>, tensor<5x16xf32>) -> tensor<5x16xf32>
  return %o : tensor<5x16xf32>
}

// -----

// Tests that a softmax over another axis than the last is not attention:
// the softmax and both matmuls remain.
// CHECK-LABEL: func.func @softmax_not_last_axis
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: tg.softmax %{{.*}} {axis = 1 : i64}
// CHECK: tg.matmul
// CHECK-NOT: tg.attention
func.func @softmax_not_last_axis(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s {axis = 1 : i64} : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: softmax is over axis 1, not the last (key) axis}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that returned attention probabilities (a second use of the softmax)
// keep the unfused form.
// CHECK-LABEL: func.func @probabilities_returned
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: %[[P:.*]] = tg.softmax
// CHECK: %[[O:.*]] = tg.matmul %[[P]], %arg2
// CHECK: return %[[O]], %[[P]]
func.func @probabilities_returned(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x8xf32>) {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: the attention probabilities are also used elsewhere}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o, %p : tensor<2x8x16xf32>, tensor<2x8x8xf32>
}

// -----

// Tests that returned raw scores (a second use of the Q·Kᵀ matmul) keep the
// unfused form.
// CHECK-LABEL: func.func @scores_returned
// CHECK-NOT: tg.attention
// CHECK: %[[S:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true}
// CHECK: %[[P:.*]] = tg.softmax %[[S]]
// CHECK: %[[O:.*]] = tg.matmul %[[P]], %arg2
// CHECK: return %[[O]], %[[S]]
func.func @scores_returned(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x8xf32>) {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: intermediate scores (tg.matmul) are also used elsewhere}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o, %s : tensor<2x8x16xf32>, tensor<2x8x8xf32>
}

// -----

// Tests that scaled scores used elsewhere (a second use of the tg.mul) keep
// the unfused form.
// CHECK-LABEL: func.func @scaled_scores_returned
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: tg.mul
// CHECK: tg.softmax
// CHECK: tg.matmul
func.func @scaled_scores_returned(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8x8xf32>) {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %c : (tensor<8x8xf32>, tensor<f32>) -> tensor<8x8xf32>
  %p = tg.softmax %t : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: intermediate scores (tg.mul) are also used elsewhere}}
  %o = tg.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o, %t : tensor<8x16xf32>, tensor<8x8xf32>
}

// -----

// Tests that a mask whose broadcast grows the scores ([2, L, L] added to
// [L, L] scores) is not fused: the attention would have a different shape.
// CHECK-LABEL: func.func @mask_grows_scores
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: tg.add
// CHECK: tg.softmax
// CHECK: tg.matmul
func.func @mask_grows_scores(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>, %m: tensor<2x8x8xf32>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %a = tg.add %s, %m : (tensor<8x8xf32>, tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %a : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: }}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that a boolean condition whose broadcast grows the scores in
// tg.select is not fused.
// CHECK-LABEL: func.func @select_grows_scores
// CHECK-NOT: tg.attention
// CHECK: tg.select
// CHECK: tg.softmax
func.func @select_grows_scores(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>, %c: tensor<2x8x8xi1>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %c, %s, %ninf : (tensor<2x8x8xi1>, tensor<8x8xf32>, tensor<f32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %m : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: a broadcast in tg.select grows the scores}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that a select with a large finite negative constant (-1e9) instead
// of -inf is not taken as a mask.
// CHECK-LABEL: func.func @select_finite_fill
// CHECK-NOT: tg.attention
// CHECK: tg.select
// CHECK: tg.softmax
// CHECK: tg.matmul
func.func @select_finite_fill(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>, %c: tensor<8x8xi1>) -> tensor<8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %fill = tg.constant dense<-1.000000e+09> : tensor<f32>
  %m = tg.select %c, %s, %fill : (tensor<8x8xi1>, tensor<8x8xf32>, tensor<f32>) -> tensor<8x8xf32>
  %p = tg.softmax %m : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: tg.select does not choose between the scores and -inf}}
  %o = tg.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// Tests that Q, K and V whose batch dimensions differ (the matmuls broadcast
// a batch of one query over two keys) are not fused.
// CHECK-LABEL: func.func @batch_broadcast
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: tg.softmax
// CHECK: tg.matmul
func.func @batch_broadcast(%q: tensor<1x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<1x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x8xf32>
  %p = tg.softmax %s : tensor<2x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: query, key and value have different batch dimensions (the matmuls broadcast them)}}
  %o = tg.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// Tests that a scale by a non-constant (a block argument) is not fused.
// CHECK-LABEL: func.func @scale_not_constant
// CHECK-NOT: tg.attention
// CHECK: tg.matmul
// CHECK: tg.mul
// CHECK: tg.softmax
// CHECK: tg.matmul
func.func @scale_not_constant(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>, %scale: tensor<f32>) -> tensor<8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %t = tg.mul %s, %scale : (tensor<8x8xf32>, tensor<f32>) -> tensor<8x8xf32>
  %p = tg.softmax %t : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: tg.mul of the scores by a non-constant}}
  %o = tg.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// Tests that a division by a non-constant is not fused.
// CHECK-LABEL: func.func @div_not_constant
// CHECK-NOT: tg.attention
// CHECK: tg.div
// CHECK: tg.softmax
func.func @div_not_constant(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>, %scale: tensor<f32>) -> tensor<8x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %t = tg.div %s, %scale : (tensor<8x8xf32>, tensor<f32>) -> tensor<8x8xf32>
  %p = tg.softmax %t : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: tg.div of the scores by a non-constant}}
  %o = tg.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// Tests that a softmax over something other than Q·Kᵀ scores is reported
// and left alone, and that the inner matmul feeding it gets no remark.
// CHECK-LABEL: func.func @scores_not_from_matmul
// CHECK-NOT: tg.attention
// CHECK: tg.softmax
func.func @scores_not_from_matmul(%x: tensor<8x8xf32>, %v: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %e = tg.exp %x : tensor<8x8xf32>
  %p = tg.softmax %e : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: the scores do not come from a Q·Kᵀ matmul}}
  %o = tg.matmul %p, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// Tests the order of remarks in a function with two candidates: one per
// ·V matmul, in program order, the near miss first and the fusion second;
// plain matmuls get none.
// CHECK-LABEL: func.func @two_candidates
// CHECK: tg.softmax %{{.*}} {axis = 0 : i64}
// CHECK: tg.attention
// CHECK-NOT: tg.softmax
func.func @two_candidates(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %s0 = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %p0 = tg.softmax %s0 {axis = 0 : i64} : tensor<8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: softmax is over axis 0, not the last (key) axis}}
  %o0 = tg.matmul %p0, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s1 = tg.matmul %q, %k {transpose_b = true} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
  %p1 = tg.softmax %s1 : tensor<8x8xf32>
  // expected-remark@+1 {{fused 3 ops into tg.attention: tg.matmul (}}
  %o1 = tg.matmul %p1, %v : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o0, %o1 : tensor<8x16xf32>, tensor<8x16xf32>
}

// -----

// Tests that a scale applied after an additive mask blocks fusion: it
// would scale the mask too, which tg.attention's scale does not.
// CHECK-LABEL: func.func @scale_after_mask
// CHECK-NOT: tg.attention
// CHECK: tg.softmax
func.func @scale_after_mask(%q: tensor<4x16xf32>, %k: tensor<4x16xf32>, %v: tensor<4x16xf32>, %m: tensor<4x4xf32>) -> tensor<4x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x4xf32>
  %a = tg.add %s, %m : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %a, %c : (tensor<4x4xf32>, tensor<f32>) -> tensor<4x4xf32>
  %p = tg.softmax %t : tensor<4x4xf32>
  // expected-remark@+1 {{not fused into tg.attention: the scale is applied after the mask and would scale it}}
  %o = tg.matmul %p, %v : (tensor<4x4xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %o : tensor<4x16xf32>
}

// -----

// Tests that a key given untransposed with a batch dimension the query
// lacks is refused (the fused op would not verify).
// CHECK-LABEL: func.func @untransposed_key_batch
// CHECK-NOT: tg.attention
func.func @untransposed_key_batch(%q: tensor<8x16xf32>, %kt: tensor<1x16x8xf32>, %v: tensor<8x16xf32>) -> tensor<1x8x16xf32> {
  %s = tg.matmul %q, %kt : (tensor<8x16xf32>, tensor<1x16x8xf32>) -> tensor<1x8x8xf32>
  %p = tg.softmax %s : tensor<1x8x8xf32>
  // expected-remark@+1 {{not fused into tg.attention: query, key and value have different batch dimensions}}
  %o = tg.matmul %p, %v : (tensor<1x8x8xf32>, tensor<8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}
