// RUN: tg-opt %s --split-input-file --tg-fgsm="epsilon=0.5" --verify-diagnostics | FileCheck %s
// (tests/lit/examples/training_fgsm.test runs the result and checks its
// value against `tgc run --grad-input`.)

// Tests that the loss becomes the loss at e + stop_gradient(0.5 * sign(dL/de)),
// with e the result of the op at loc("embedding"), dL/de from tg-autodiff's
// rules (here d sum(tanh(e)) = 1 - tanh(e)^2), the tail cloned on the
// perturbed value, and the clean loss kept as a last result.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: -> (tensor<f32>, tensor<f32>) attributes {tg.result_names = ["loss", "fgsm.clean_loss"]}
// CHECK: %[[E:.*]] = tg.mul %arg0, %arg1
// CHECK: %[[T:.*]] = tg.tanh %[[E]]
// CHECK: %[[L:.*]] = tg.reduce_sum %[[T]]
// CHECK: %[[ZERO:.*]] = tg.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[POS:.*]] = tg.compare gt, %[[G:.*]], %[[ZERO]]
// CHECK: %[[NEG:.*]] = tg.compare lt, %[[G]], %[[ZERO]]
// CHECK: %[[M1:.*]] = tg.constant dense<-1.000000e+00> : tensor<f32>
// CHECK: %[[NZ:.*]] = tg.select %[[NEG]], %[[M1]], %[[ZERO]]
// CHECK: %[[P1:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[SIGN:.*]] = tg.select %[[POS]], %[[P1]], %[[NZ]]
// CHECK: %[[EPS:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[STEP:.*]] = tg.mul %[[SIGN]], %[[EPS]]
// CHECK: %[[DELTA:.*]] = tg.stop_gradient %[[STEP]]
// CHECK: %[[E2:.*]] = tg.add %[[E]], %[[DELTA]]
// CHECK: %[[T2:.*]] = tg.tanh %[[E2]]
// CHECK: %[[L2:.*]] = tg.reduce_sum %[[T2]]
// CHECK: return %[[L2]], %[[L]] : tensor<f32>, tensor<f32>
// CHECK-NOT: func.func @tail
// CHECK-NOT: module {
func.func @main(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %e = tg.mul %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> loc("embedding")
  %t = tg.tanh %e : tensor<3xf32>
  %l = tg.reduce_sum %t {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that a function without an op at the location is an error naming it.
// expected-error@+1 {{tg-fgsm: @main has no op at location 'embedding' to perturb}}
func.func @main(%w: tensor<3xf32> {tg.param = "w"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %l = tg.reduce_sum %w {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that the perturbed value must be a float tensor.
// expected-error@+1 {{tg-fgsm: the op at location 'embedding' (tg.add) must have one float tensor result to perturb}}
func.func @main(%w: tensor<3xf32> {tg.param = "w"}, %i: tensor<3xi64> {tg.input = "i"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %e = tg.add %i, %i : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64> loc("embedding")
  %l = tg.reduce_sum %w {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
