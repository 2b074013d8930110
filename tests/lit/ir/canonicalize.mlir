// RUN: tg-opt %s --split-input-file --canonicalize | FileCheck %s

// Tests that neg(neg(x)) folds to x.
// CHECK-LABEL: func.func @neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tg.neg
// CHECK: return %[[X]]
func.func @neg_neg(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.neg %arg0 : tensor<2x3xf32>
  %1 = tg.neg %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Tests that a single neg is kept.
// CHECK-LABEL: func.func @neg_once
// CHECK: %[[R:.*]] = tg.neg %{{.*}} : tensor<4xi32>
// CHECK-NOT: tg.neg
// CHECK: return %[[R]]
func.func @neg_once(%arg0: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tg.neg %arg0 : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Tests that neg(neg(neg(x))) folds to a single neg.
// CHECK-LABEL: func.func @neg_neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[R:.*]] = tg.neg %[[X]] : tensor<4xf32>
// CHECK-NOT: tg.neg
// CHECK: return %[[R]]
func.func @neg_neg_neg(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tg.neg %arg0 : tensor<4xf32>
  %1 = tg.neg %0 : tensor<4xf32>
  %2 = tg.neg %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Tests that stop_gradient(stop_gradient(x)) folds to one stop_gradient.
// CHECK-LABEL: func.func @stop_gradient_twice
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[R:.*]] = tg.stop_gradient %[[X]] : tensor<4xf32>
// CHECK-NOT: tg.stop_gradient
// CHECK: return %[[R]]
func.func @stop_gradient_twice(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tg.stop_gradient %arg0 : tensor<4xf32>
  %1 = tg.stop_gradient %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Tests that a single stop_gradient is kept, since it is not the identity for autodiff.
// CHECK-LABEL: func.func @stop_gradient_once
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[R:.*]] = tg.stop_gradient %[[X]] : tensor<4xf32>
// CHECK: return %[[R]]
func.func @stop_gradient_once(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tg.stop_gradient %arg0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a cast to the operand's own type folds away.
// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: tg.cast
// CHECK: return %[[X]]
func.func @cast_same_type(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a cast to another element type is kept.
// CHECK-LABEL: func.func @cast_other_type
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[R:.*]] = tg.cast %[[X]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: return %[[R]]
func.func @cast_other_type(%arg0: tensor<4xf32>) -> tensor<4xf16> {
  %0 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Tests that a round trip through another type (f32 -> i32 -> f32) is kept, since it truncates.
// CHECK-LABEL: func.func @cast_round_trip
// CHECK: %[[A:.*]] = tg.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi32>
// CHECK: %[[B:.*]] = tg.cast %[[A]] : (tensor<4xi32>) -> tensor<4xf32>
// CHECK: return %[[B]]
func.func @cast_round_trip(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xi32>
  %1 = tg.cast %0 : (tensor<4xi32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Tests that a reshape to the operand's own type folds away.
// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tg.reshape
// CHECK: return %[[X]]
func.func @reshape_same_type(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that a reshape to another shape is kept.
// CHECK-LABEL: func.func @reshape_other_shape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[R:.*]] = tg.reshape %[[X]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: return %[[R]]
func.func @reshape_other_shape(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that reshape(reshape(x)) folds to one reshape of x.
// CHECK-LABEL: func.func @reshape_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[R:.*]] = tg.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
// CHECK-NOT: tg.reshape
// CHECK: return %[[R]]
func.func @reshape_reshape(%arg0: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = tg.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<24xf32>
  %1 = tg.reshape %0 : (tensor<24xf32>) -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// Tests that reshape(reshape(x)) back to x's own type folds to x.
// CHECK-LABEL: func.func @reshape_reshape_back
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tg.reshape
// CHECK: return %[[X]]
func.func @reshape_reshape_back(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.reshape %arg0 : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = tg.reshape %0 : (tensor<6xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Tests that a reshape whose operand is not a reshape keeps both ops.
// CHECK-LABEL: func.func @reshape_of_neg
// CHECK: %[[N:.*]] = tg.neg %{{.*}} : tensor<2x3xf32>
// CHECK: %[[R:.*]] = tg.reshape %[[N]] : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK: return %[[R]]
func.func @reshape_of_neg(%arg0: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = tg.neg %arg0 : tensor<2x3xf32>
  %1 = tg.reshape %0 : (tensor<2x3xf32>) -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// Tests that reshape of a constant folds to a constant with the same elements in the new shape.
// CHECK-LABEL: func.func @reshape_constant
// CHECK: %[[C:.*]] = tg.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-NOT: tg.reshape
// CHECK: return %[[C]]
func.func @reshape_constant() -> tensor<2x3xi64> {
  %0 = tg.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %1 = tg.reshape %0 : (tensor<6xi64>) -> tensor<2x3xi64>
  return %1 : tensor<2x3xi64>
}

// -----

// Tests that reshape of a splat constant folds to a splat of the new shape.
// CHECK-LABEL: func.func @reshape_splat_constant
// CHECK: %[[C:.*]] = tg.constant dense<1.500000e+00> : tensor<3x2xf32>
// CHECK-NOT: tg.reshape
// CHECK: return %[[C]]
func.func @reshape_splat_constant() -> tensor<3x2xf32> {
  %0 = tg.constant dense<1.5> : tensor<2x3xf32>
  %1 = tg.reshape %0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// Tests that an identity transpose folds away.
// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: tg.transpose
// CHECK: return %[[X]]
func.func @transpose_identity(%arg0: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.transpose %arg0 {permutation = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that a non-identity transpose is kept, even when it keeps the type.
// CHECK-LABEL: func.func @transpose_non_identity
// CHECK-SAME: (%[[X:.*]]: tensor<3x3xf32>)
// CHECK: %[[R:.*]] = tg.transpose %[[X]] {permutation = array<i64: 1, 0>} : (tensor<3x3xf32>) -> tensor<3x3xf32>
// CHECK: return %[[R]]
func.func @transpose_non_identity(%arg0: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 0>} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Tests that transpose(transpose(x, p), q) folds to transpose(x, r) with r[d] = p[q[d]].
// CHECK-LABEL: func.func @transpose_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[R:.*]] = tg.transpose %[[X]] {permutation = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK-NOT: tg.transpose
// CHECK: return %[[R]]
func.func @transpose_transpose(%arg0: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = tg.transpose %0 {permutation = array<i64: 0, 2, 1>} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// Tests that composing two 4-d transposes gives r[d] = p[q[d]], not q[p[d]].
// CHECK-LABEL: func.func @transpose_transpose_order
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>)
// CHECK: %[[R:.*]] = tg.transpose %[[X]] {permutation = array<i64: 2, 0, 3, 1>} : (tensor<2x3x4x5xf32>) -> tensor<4x2x5x3xf32>
// CHECK-NOT: tg.transpose
// CHECK: return %[[R]]
func.func @transpose_transpose_order(%arg0: tensor<2x3x4x5xf32>) -> tensor<4x2x5x3xf32> {
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 2, 3, 0>} : (tensor<2x3x4x5xf32>) -> tensor<3x4x5x2xf32>
  %1 = tg.transpose %0 {permutation = array<i64: 1, 3, 2, 0>} : (tensor<3x4x5x2xf32>) -> tensor<4x2x5x3xf32>
  return %1 : tensor<4x2x5x3xf32>
}

// -----

// Tests that a transpose followed by its inverse folds to x.
// CHECK-LABEL: func.func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: tg.transpose
// CHECK: return %[[X]]
func.func @transpose_inverse(%arg0: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.transpose %arg0 {permutation = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = tg.transpose %0 {permutation = array<i64: 2, 0, 1>} : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// Tests that a slice covering all of x folds to x, with or without unit strides.
// CHECK-LABEL: func.func @slice_full
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NOT: tg.slice
// CHECK: return %[[X]], %[[X]]
func.func @slice_full(%arg0: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %0 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 8>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 8>, strides = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Tests that a partial slice is kept.
// CHECK-LABEL: func.func @slice_partial
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[R:.*]] = tg.slice %[[X]] {limit = array<i64: 2, 8>, start = array<i64: 0, 2>} : (tensor<2x8xf32>) -> tensor<2x6xf32>
// CHECK: return %[[R]]
func.func @slice_partial(%arg0: tensor<2x8xf32>) -> tensor<2x6xf32> {
  %0 = tg.slice %arg0 {start = array<i64: 0, 2>, limit = array<i64: 2, 8>} : (tensor<2x8xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Tests that a strided slice from 0 to the end is kept, since it skips elements.
// CHECK-LABEL: func.func @slice_strided
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[R:.*]] = tg.slice %[[X]] {limit = array<i64: 2, 8>, start = array<i64: 0, 0>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x4xf32>
// CHECK: return %[[R]]
func.func @slice_strided(%arg0: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %0 = tg.slice %arg0 {start = array<i64: 0, 0>, limit = array<i64: 2, 8>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that a broadcast_to the operand's own type folds away.
// CHECK-LABEL: func.func @broadcast_to_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK-NOT: tg.broadcast_to
// CHECK: return %[[X]]
func.func @broadcast_to_same_type(%arg0: tensor<3x1xf32>) -> tensor<3x1xf32> {
  %0 = tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// -----

// Tests that a broadcast_to a larger shape is kept.
// CHECK-LABEL: func.func @broadcast_to_larger
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK: %[[R:.*]] = tg.broadcast_to %[[X]] : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
// CHECK: return %[[R]]
func.func @broadcast_to_larger(%arg0: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that dropout with training = false folds to x.
// CHECK-LABEL: func.func @dropout_inference
// CHECK-SAME: (%[[X:.*]]: tensor<2x16xf32>)
// CHECK-NOT: tg.dropout
// CHECK: return %[[X]]
func.func @dropout_inference(%arg0: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %0 = tg.dropout %arg0 {ratio = 0.5 : f64, seed = 7 : i64, training = false} : tensor<2x16xf32>
  return %0 : tensor<2x16xf32>
}

// -----

// Tests that dropout with ratio 0 folds to x even when training.
// CHECK-LABEL: func.func @dropout_ratio_zero
// CHECK-SAME: (%[[X:.*]]: tensor<2x16xf32>)
// CHECK-NOT: tg.dropout
// CHECK: return %[[X]]
func.func @dropout_ratio_zero(%arg0: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %0 = tg.dropout %arg0 {ratio = 0.0 : f64, seed = 7 : i64, training = true} : tensor<2x16xf32>
  return %0 : tensor<2x16xf32>
}

// -----

// Tests that dropout with training = true and ratio 0.5 is kept.
// CHECK-LABEL: func.func @dropout_training
// CHECK-SAME: (%[[X:.*]]: tensor<2x16xf32>)
// CHECK: %[[R:.*]] = tg.dropout %[[X]] {ratio = 5.000000e-01 : f64, seed = 7 : i64} : tensor<2x16xf32>
// CHECK: return %[[R]]
func.func @dropout_training(%arg0: tensor<2x16xf32>) -> tensor<2x16xf32> {
  %0 = tg.dropout %arg0 {ratio = 0.5 : f64, seed = 7 : i64, training = true} : tensor<2x16xf32>
  return %0 : tensor<2x16xf32>
}
