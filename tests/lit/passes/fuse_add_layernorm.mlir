// RUN: tg-opt %s --split-input-file --tg-fuse-add-layernorm | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-fuse-add-layernorm=report=true --verify-diagnostics > /dev/null

// Tests that a residual add followed by a layer_norm with scale and bias
// becomes one tg.add_layer_norm that keeps the norm's attributes.
// CHECK-LABEL: func.func @add_then_norm
// CHECK-NOT: tg.add %
// CHECK: %[[Y:.*]], %{{.*}} = tg.add_layer_norm %arg0, %arg1 scale %arg2 bias %arg3 {epsilon = 9.9999999999999995E-7 : f64} : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x16xf32>)
// CHECK-NOT: tg.layer_norm
// CHECK: return %[[Y]]
func.func @add_then_norm(%x: tensor<2x8x16xf32>, %r: tensor<2x8x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<2x8x16xf32> {
  %s = tg.add %x, %r : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  // expected-remark@+1 {{fused 2 ops into tg.add_layer_norm: tg.layer_norm (}}
  %y = tg.layer_norm %s scale %g bias %b {epsilon = 1.0e-6 : f64} : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  return %y : tensor<2x8x16xf32>
}

// -----

// Tests that a layer_norm without scale and bias, over a non-default axis,
// fuses with its operands and axis kept.
// CHECK-LABEL: func.func @no_scale_no_bias
// CHECK: %[[Y:.*]], %{{.*}} = tg.add_layer_norm %arg0, %arg1 {axis = 1 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: tg.layer_norm
// CHECK: return %[[Y]]
func.func @no_scale_no_bias(%x: tensor<4x8xf32>, %r: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = tg.add %x, %r : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // expected-remark@+1 {{fused 2 ops into tg.add_layer_norm}}
  %y = tg.layer_norm %s {axis = 1 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that other users of the sum (a pre-norm residual stream carried on,
// and a return) read the fused op's second result.
// CHECK-LABEL: func.func @sum_used_elsewhere
// CHECK: %[[Y:.*]], %[[SUM:.*]] = tg.add_layer_norm %arg0, %arg1 scale %arg2 bias %arg3
// CHECK: %[[H:.*]] = tg.relu %[[Y]]
// CHECK: %[[NEXT:.*]] = tg.add %[[SUM]], %[[H]]
// CHECK: return %[[NEXT]], %[[SUM]]
func.func @sum_used_elsewhere(%x: tensor<2x8xf32>, %r: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = tg.add %x, %r : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  // expected-remark@+1 {{fused 2 ops into tg.add_layer_norm}}
  %y = tg.layer_norm %s scale %g bias %b : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %h = tg.relu %y : tensor<2x8xf32>
  %next = tg.add %s, %h : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %next, %s : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Tests that two layer_norms of one residual add each fuse in turn: the
// first takes the add, the second sees no add (its input is now the first
// fused op's sum) and stays a layer_norm.
// CHECK-LABEL: func.func @two_norms_one_add
// CHECK: %[[Y:.*]], %[[SUM:.*]] = tg.add_layer_norm %arg0, %arg1
// CHECK: %[[Z:.*]] = tg.layer_norm %[[SUM]] {axis = 0 : i64}
// CHECK: return %[[Y]], %[[Z]]
func.func @two_norms_one_add(%x: tensor<2x8xf32>, %r: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = tg.add %x, %r : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  // expected-remark@+1 {{fused 2 ops into tg.add_layer_norm}}
  %y = tg.layer_norm %s : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %z = tg.layer_norm %s {axis = 0 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y, %z : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Tests that an add that broadcasts ([2, 8] + [8], a bias add) is not fused:
// tg.add_layer_norm adds two tensors of one type.
// CHECK-LABEL: func.func @broadcasting_add
// CHECK-NOT: tg.add_layer_norm
// CHECK: %[[S:.*]] = tg.add %arg0, %arg1 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK: tg.layer_norm %[[S]]
// CHECK-NOT: tg.add_layer_norm
func.func @broadcasting_add(%x: tensor<2x8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %s = tg.add %x, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  // expected-remark@+1 {{not fused into tg.add_layer_norm: the residual add broadcasts its operands}}
  %y = tg.layer_norm %s : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Tests that a layer_norm of something other than an add is left alone,
// without a remark.
// CHECK-LABEL: func.func @norm_without_add
// CHECK: tg.layer_norm %arg0
// CHECK-NOT: tg.add_layer_norm
func.func @norm_without_add(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %y = tg.layer_norm %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// Tests that a user of the sum placed between the add and the layer_norm
// still sees the sum defined before it (the fused op goes at the add).
// CHECK-LABEL: func.func @sum_used_before_norm
// CHECK: %[[Y:.*]], %[[S:.*]] = tg.add_layer_norm
// CHECK-NEXT: tg.relu %[[S]]
func.func @sum_used_before_norm(%x: tensor<2x8xf32>, %r: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = tg.add %x, %r : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %u = tg.relu %s : tensor<2x8xf32>
  // expected-remark@+1 {{fused 2 ops into tg.add_layer_norm}}
  %y = tg.layer_norm %s : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %u, %y : tensor<2x8xf32>, tensor<2x8xf32>
}
