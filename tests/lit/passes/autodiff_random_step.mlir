// RUN: tg-opt %s --tg-autodiff | FileCheck %s

// Tests that dropout's gradient recomputes the mask from the same seed and
// step operand (so a per-step mask gets a per-step gradient), and that the
// integer step and the random ops on it carry no gradient.
// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x4xf32> {tg.param = "x"}, %[[S:[^:]*]]: tensor<i64> {tg.input = "rng.step", tg.step_counter})
// CHECK-SAME: tg.result_names = ["loss", "grad.x"]
// CHECK: %[[N:.*]] = tg.random_normal step(%[[S]]) {seed = 3 : i64}
// CHECK: %[[ONES:.*]] = tg.broadcast_to
// CHECK: %[[G:.*]] = tg.mul %[[ONES]], %[[N]]
// CHECK: %[[D:.*]] = tg.dropout %[[G]] step(%[[S]]) {ratio = 5.000000e-01 : f64, seed = 7 : i64}
// CHECK: return %{{.*}}, %[[D]]
func.func @f(%x: tensor<2x4xf32> {tg.param = "x"}, %s: tensor<i64> {tg.input = "rng.step", tg.step_counter}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %d = tg.dropout %x step(%s) {ratio = 5.000000e-01 : f64, seed = 7 : i64} : tensor<2x4xf32>
  %n = tg.random_normal step(%s) {seed = 3 : i64} : tensor<2x4xf32>
  %m = tg.mul %d, %n : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %l = tg.reduce_sum %m {axes = array<i64: 0, 1>} : (tensor<2x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
