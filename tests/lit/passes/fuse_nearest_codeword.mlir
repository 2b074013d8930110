// RUN: tg-opt %s --split-input-file --tg-fuse-nearest-codeword | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-fuse-nearest-codeword=report=true --verify-diagnostics > /dev/null
//
// The model programs of frontend/models/Vq.cpp through tg-optimize: vq and
// Gumbel inference fuse (the report names the ops replaced), Gumbel
// training keeps its distances for the softmax and does not.
// RUN: tgc model vq --config num_vectors=9,dim=3,codebook_size=7,with_loss=true \
// RUN:   --print-locations > %t.vq.mlir
// RUN: tgc %t.vq.mlir --fusion-report | FileCheck %s --check-prefix=VQ
// RUN: tgc model gumbel_vq --config num_vectors=9,dim=3,codebook_size=7 \
// RUN:   --print-locations > %t.gumbel_infer.mlir
// RUN: tgc %t.gumbel_infer.mlir --fusion-report | FileCheck %s --check-prefix=GUMBEL-INFER
// RUN: tgc model gumbel_vq --config num_vectors=9,dim=3,codebook_size=7,training=true \
// RUN:   --print-locations > %t.gumbel_train.mlir
// RUN: tgc %t.gumbel_train.mlir --fusion-report | FileCheck %s --check-prefix=GUMBEL-TRAIN
//
// VQ: // fusion: fused 9 ops into tg.nearest_codeword: tg.argmin (vq.quantize), tg.add (vq.distances), tg.sub (vq.distances), tg.mul (vq.distances), tg.matmul (vq.distances), tg.reduce_sum (vq.distances), tg.mul (vq.distances), tg.reduce_sum (vq.distances), tg.mul (vq.distances)
// VQ-LABEL: func.func @main
// VQ-NOT: tg.argmin
// VQ-NOT: tg.matmul
// VQ: %[[I:.*]] = tg.nearest_codeword %arg0, %arg1 : (tensor<9x3xf32>, tensor<7x3xf32>) -> tensor<9xi64>
// VQ: tg.gather %arg1, %[[I]]
//
// GUMBEL-INFER: // fusion: fused 10 ops into tg.nearest_codeword: tg.argmax (gumbel_vq.sample), tg.neg (gumbel_vq), tg.add (gumbel_vq.distances)
// GUMBEL-INFER-LABEL: func.func @main
// GUMBEL-INFER-NOT: tg.argmax
// GUMBEL-INFER: %[[I:.*]] = tg.nearest_codeword %arg0, %arg1 : (tensor<9x3xf32>, tensor<7x3xf32>) -> tensor<9xi64>
// GUMBEL-INFER: tg.one_hot %[[I]]
//
// GUMBEL-TRAIN: // fusion: not fused into tg.nearest_codeword: the distances have users other than one argmin over the codewords (axis 1) or one argmax of their negation
// GUMBEL-TRAIN-LABEL: func.func @main
// GUMBEL-TRAIN-NOT: tg.nearest_codeword
// GUMBEL-TRAIN: tg.softmax
// GUMBEL-TRAIN: tg.argmax

// Tests that vq's distances (frontend/models/Vq.cpp: the constant 2 on the
// left of the mul) and their argmin become one tg.nearest_codeword, and the
// distance ops are erased (the dead constant is left to the canonicalizer).
// CHECK-LABEL: func.func @vq_distances
// CHECK-NEXT: tg.constant
// CHECK-NEXT: %[[I:.*]] = tg.nearest_codeword %arg0, %arg1 : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8xi64>
// CHECK-NEXT: return %[[I]]
func.func @vq_distances(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>) -> tensor<8xi64> {
  %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
  %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %two, %dot : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  // expected-remark@+1 {{fused 9 ops into tg.nearest_codeword: tg.argmin (}}
  %i = tg.argmin %d {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
  return %i : tensor<8xi64>
}

// -----

// Tests that the canonical operand order (the constant on the right of the
// mul, the codebook norms on the left of the add, axis -1) fuses too, and
// that a norm still used elsewhere stays.
// CHECK-LABEL: func.func @commuted_axis_minus1
// CHECK: %[[EN:.*]] = tg.reduce_sum
// CHECK-NOT: tg.matmul
// CHECK: %[[I:.*]] = tg.nearest_codeword %arg0, %arg1 : (tensor<7x3xf32>, tensor<5x3xf32>) -> tensor<7xi64>
// CHECK-NEXT: return %[[I]], %[[EN]]
func.func @commuted_axis_minus1(%z: tensor<7x3xf32>, %e: tensor<5x3xf32>) -> (tensor<7xi64>, tensor<5xf32>) {
  %zz = tg.mul %z, %z : (tensor<7x3xf32>, tensor<7x3xf32>) -> tensor<7x3xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: -1>, keepdims = true} : (tensor<7x3xf32>) -> tensor<7x1xf32>
  %ee = tg.mul %e, %e : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<5x3xf32>) -> tensor<5xf32>
  %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<7x3xf32>, tensor<5x3xf32>) -> tensor<7x5xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %dot, %two : (tensor<7x5xf32>, tensor<f32>) -> tensor<7x5xf32>
  %s = tg.sub %zn, %m : (tensor<7x1xf32>, tensor<7x5xf32>) -> tensor<7x5xf32>
  %d = tg.add %en, %s : (tensor<5xf32>, tensor<7x5xf32>) -> tensor<7x5xf32>
  // expected-remark@+1 {{fused 9 ops into tg.nearest_codeword}}
  %i = tg.argmin %d {axis = -1 : i64} : (tensor<7x5xf32>) -> tensor<7xi64>
  return %i, %en : tensor<7xi64>, tensor<5xf32>
}

// -----

// Tests that argmax of the negated distances (Gumbel-softmax inference,
// logits = −distances) is the same search and fuses.
// CHECK-LABEL: func.func @argmax_of_negation
// CHECK-NEXT: tg.constant
// CHECK-NEXT: %[[I:.*]] = tg.nearest_codeword %arg0, %arg1 : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8xi64>
// CHECK-NEXT: return %[[I]]
func.func @argmax_of_negation(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>) -> tensor<8xi64> {
  %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
  %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %two, %dot : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %logits = tg.neg %d : tensor<8x16xf32>
  // expected-remark@+1 {{fused 10 ops into tg.nearest_codeword: tg.argmax (}}
  %i = tg.argmax %logits {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
  return %i : tensor<8xi64>
}

// -----

// Tests that distances a softmax also reads (Gumbel-softmax training) stay
// unfused, with the reason on the distances.
// CHECK-LABEL: func.func @distances_used_by_softmax
// CHECK-NOT: tg.nearest_codeword
// CHECK: tg.softmax
// CHECK: tg.argmax
func.func @distances_used_by_softmax(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>) -> (tensor<8xi64>, tensor<8x16xf32>) {
  %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
  %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %two, %dot : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  // expected-remark@+1 {{not fused into tg.nearest_codeword: the distances have users other than one argmin over the codewords (axis 1) or one argmax of their negation}}
  %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %logits = tg.neg %d : tensor<8x16xf32>
  %soft = tg.softmax %logits {axis = 1 : i64} : tensor<8x16xf32>
  %i = tg.argmax %soft {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
  return %i, %soft : tensor<8xi64>, tensor<8x16xf32>
}

// -----

// Tests that distances also returned, or reduced over the other axis, stay.
// CHECK-LABEL: func.func @near_misses
// CHECK-NOT: tg.nearest_codeword
// CHECK: tg.argmin %{{.*}} {axis = 1 : i64}
// CHECK: tg.argmin %{{.*}} {axis = 0 : i64}
func.func @near_misses(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>) -> (tensor<8xi64>, tensor<8x16xf32>, tensor<16xi64>) {
  %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
  %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %two, %dot : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  // expected-remark@+1 {{not fused into tg.nearest_codeword: the distances have users}}
  %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %i = tg.argmin %d {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
  // expected-remark@+1 {{not fused into tg.nearest_codeword: the distances have users}}
  %d2 = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %j = tg.argmin %d2 {axis = 0 : i64} : (tensor<8x16xf32>) -> tensor<16xi64>
  return %i, %d, %j : tensor<8xi64>, tensor<8x16xf32>, tensor<16xi64>
}

// -----

// Tests that a distance-like expression of other operands (the matmul of
// z with a different matrix than the norms') does not fuse and is not
// reported: it is not a candidate.
// CHECK-LABEL: func.func @not_distances
// CHECK-NOT: tg.nearest_codeword
// CHECK: tg.argmin
func.func @not_distances(%z: tensor<8x4xf32>, %e: tensor<16x4xf32>, %w: tensor<16x4xf32>) -> tensor<8xi64> {
  %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
  %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
  %dot = tg.matmul %z, %w {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %two = tg.constant dense<2.000000e+00> : tensor<f32>
  %m = tg.mul %two, %dot : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %i = tg.argmin %d {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
  return %i : tensor<8xi64>
}
