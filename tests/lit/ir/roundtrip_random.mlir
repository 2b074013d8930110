// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that random_uniform elides default bounds and prints given ones.
// CHECK-LABEL: func.func @random_uniform
func.func @random_uniform() -> (tensor<2x3xf32>, tensor<4xf64>) {
  // CHECK: tg.random_uniform {seed = 42 : i64} : tensor<2x3xf32>
  %0 = tg.random_uniform {seed = 42 : i64, low = 0.0 : f64, high = 1.0 : f64} : tensor<2x3xf32>
  // CHECK: tg.random_uniform {high = 2.500000e+00 : f64, low = -1.000000e+00 : f64, seed = 1 : i64} : tensor<4xf64>
  %1 = tg.random_uniform {seed = 1 : i64, low = -1.0 : f64, high = 2.5 : f64} : tensor<4xf64>
  return %0, %1 : tensor<2x3xf32>, tensor<4xf64>
}

// Tests that random_normal elides default mean and stddev and prints given ones.
// CHECK-LABEL: func.func @random_normal
func.func @random_normal() -> (tensor<2x3xf32>, tensor<8xbf16>) {
  // CHECK: tg.random_normal {seed = 3 : i64} : tensor<2x3xf32>
  %0 = tg.random_normal {seed = 3 : i64} : tensor<2x3xf32>
  // CHECK: tg.random_normal {mean = 5.000000e-01 : f64, seed = -7 : i64, stddev = 0.000000e+00 : f64} : tensor<8xbf16>
  %1 = tg.random_normal {mean = 0.5 : f64, seed = -7 : i64, stddev = 0.0 : f64} : tensor<8xbf16>
  return %0, %1 : tensor<2x3xf32>, tensor<8xbf16>
}

// Tests that bernoulli prints its probability for f32 and i1 results.
// CHECK-LABEL: func.func @bernoulli
func.func @bernoulli() -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  // CHECK: tg.bernoulli {probability = 2.500000e-01 : f64, seed = 3 : i64} : tensor<2x3xf32>
  %0 = tg.bernoulli {probability = 0.25 : f64, seed = 3 : i64} : tensor<2x3xf32>
  // CHECK: tg.bernoulli {probability = 1.000000e+00 : f64, seed = 0 : i64} : tensor<2x3xi1>
  %1 = tg.bernoulli {probability = 1.0 : f64, seed = 0 : i64} : tensor<2x3xi1>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xi1>
}

// Tests that dropout elides training = true and prints training = false.
// CHECK-LABEL: func.func @dropout
func.func @dropout(%arg0: tensor<2x16xf32>) -> (tensor<2x16xf32>, tensor<2x16xf32>) {
  // CHECK: %[[A:.*]] = tg.dropout %arg0 {ratio = 1.000000e-01 : f64, seed = 7 : i64} : tensor<2x16xf32>
  %0 = tg.dropout %arg0 {ratio = 1.000000e-01 : f64, seed = 7 : i64, training = true} : tensor<2x16xf32>
  // CHECK: %[[B:.*]] = tg.dropout %[[A]] {ratio = 5.000000e-01 : f64, seed = 7 : i64, training = false} : tensor<2x16xf32>
  %1 = tg.dropout %0 {ratio = 0.5 : f64, seed = 7 : i64, training = false} : tensor<2x16xf32>
  // CHECK: return %[[A]], %[[B]]
  return %0, %1 : tensor<2x16xf32>, tensor<2x16xf32>
}

// Tests that the optional step operand prints as step(%s) on every random op.
// CHECK-LABEL: func.func @step_operand
// CHECK-SAME: (%[[S:.*]]: tensor<i64>, %[[X:.*]]: tensor<2x16xf32>)
func.func @step_operand(%s: tensor<i64>, %x: tensor<2x16xf32>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<4xi1>, tensor<2x16xf32>) {
  // CHECK: tg.random_uniform step(%[[S]]) {seed = 42 : i64} : tensor<2x3xf32>
  %0 = tg.random_uniform step(%s) {seed = 42 : i64} : tensor<2x3xf32>
  // CHECK: tg.random_normal step(%[[S]]) {seed = 3 : i64} : tensor<4xf32>
  %1 = tg.random_normal step(%s) {seed = 3 : i64} : tensor<4xf32>
  // CHECK: tg.bernoulli step(%[[S]]) {probability = 5.000000e-01 : f64, seed = 3 : i64} : tensor<4xi1>
  %2 = tg.bernoulli step(%s) {probability = 0.5 : f64, seed = 3 : i64} : tensor<4xi1>
  // CHECK: tg.dropout %[[X]] step(%[[S]]) {ratio = 1.000000e-01 : f64, seed = 7 : i64} : tensor<2x16xf32>
  %3 = tg.dropout %x step(%s) {ratio = 1.000000e-01 : f64, seed = 7 : i64} : tensor<2x16xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<4xf32>, tensor<4xi1>, tensor<2x16xf32>
}
