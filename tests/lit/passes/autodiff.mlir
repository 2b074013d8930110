// RUN: tg-opt %s --split-input-file --tg-autodiff --verify-diagnostics | FileCheck %s

// Tests that @f_grad returns the original results, then grad.<param> for
// each parameter, built by the reverse walk (mul's rule, sum's broadcast).
// (tests/unit/passes/VjpTest.cpp covers `inputs=` and checks the values.)
// CHECK-LABEL: func.func @f(
// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>)
// CHECK-SAME: tg.result_names = ["loss", "y", "grad.w", "grad.b"]
// CHECK: %[[Y:.*]] = tg.mul %arg0, %arg2
// CHECK: %[[Z:.*]] = tg.add %[[Y]], %arg1
// CHECK: %[[L:.*]] = tg.reduce_sum %[[Z]]
// CHECK: tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DZ:.*]] = tg.broadcast_to
// CHECK: %[[DB:.*]] = tg.reduce_sum %[[DZ]] {axes = array<i64: 0>}
// CHECK: %[[DW:.*]] = tg.mul %[[DZ]], %arg2
// CHECK: return %[[L]], %[[Y]], %[[DW]], %[[DB]]
func.func @f(%w: tensor<2x3xf32> {tg.param = "w"}, %b: tensor<3xf32> {tg.param = "b"}, %x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<f32>, tensor<2x3xf32>) attributes {tg.result_names = ["loss", "y"]} {
  %y = tg.mul %w, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = tg.add %y, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %l = tg.reduce_sum %z {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<2x3xf32>
}

// -----

// Tests that a parameter whose only path to the loss goes through
// stop_gradient gets a zero gradient and a warning naming the cut.
// CHECK-LABEL: func.func @cut_grad(
// CHECK-DAG: %[[ZERO:.*]] = tg.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[ZERO]]
func.func @cut(%w: tensor<4xf32> {tg.param = "w"}, %v: tensor<4xf32> {tg.param = "v"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  // expected-warning@+1 {{tg-autodiff: parameter 'v' gets a zero gradient: its path to the loss is cut by 'tg.stop_gradient'}}
  %s = tg.stop_gradient %v : tensor<4xf32>
  %p = tg.mul %w, %s : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = tg.reduce_sum %p {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that a parameter the loss does not read at all is warned about at
// the function.
// expected-warning@+1 {{tg-autodiff: parameter 'unused' gets a zero gradient: the loss does not depend on it}}
func.func @unused(%w: tensor<4xf32> {tg.param = "w"}, %u: tensor<4xf32> {tg.param = "unused"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %l = tg.reduce_sum %w {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that an op on the path to the loss without a VJP rule is an error
// naming the op.
func.func @no_rule(%x: tensor<2x3x5xf32> {tg.input = "x"}, %w_ih: tensor<16x5xf32> {tg.param = "w_ih"}, %w_hh: tensor<16x4xf32> {tg.param = "w_hh"}, %b_ih: tensor<16xf32> {tg.param = "b_ih"}, %b_hh: tensor<16xf32> {tg.param = "b_hh"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  // expected-error@+1 {{tg-autodiff: 'tg.lstm' has no VJP rule yet}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 4 : i64} : (tensor<2x3x5xf32>, tensor<16x5xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x3x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %l = tg.reduce_sum %y {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
