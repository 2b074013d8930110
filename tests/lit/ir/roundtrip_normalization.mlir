// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that softmax elides the default axis -1 and prints any other.
// CHECK-LABEL: func.func @softmax
func.func @softmax(%arg0: tensor<2x8x8xf32>) -> (tensor<2x8x8xf32>, tensor<2x8x8xf32>, tensor<2x8x8xf32>) {
  // CHECK: %[[A:.*]] = tg.softmax %arg0 : tensor<2x8x8xf32>
  %0 = tg.softmax %arg0 : tensor<2x8x8xf32>
  // CHECK: %[[B:.*]] = tg.softmax %[[A]] : tensor<2x8x8xf32>
  %1 = tg.softmax %0 {axis = -1 : i64} : tensor<2x8x8xf32>
  // CHECK: %[[C:.*]] = tg.softmax %[[B]] {axis = 0 : i64} : tensor<2x8x8xf32>
  %2 = tg.softmax %1 {axis = 0 : i64} : tensor<2x8x8xf32>
  // CHECK: %[[D:.*]] = tg.softmax %[[C]] {axis = -2 : i64} : tensor<2x8x8xf32>
  %3 = tg.softmax %2 {axis = -2 : i64} : tensor<2x8x8xf32>
  // CHECK: return %[[B]], %[[C]], %[[D]]
  return %1, %2, %3 : tensor<2x8x8xf32>, tensor<2x8x8xf32>, tensor<2x8x8xf32>
}

// Tests that log_softmax elides the default axis -1 and prints any other.
// CHECK-LABEL: func.func @log_softmax
func.func @log_softmax(%arg0: tensor<2x10xf64>) -> (tensor<2x10xf64>, tensor<2x10xf64>) {
  // CHECK: %[[A:.*]] = tg.log_softmax %arg0 : tensor<2x10xf64>
  %0 = tg.log_softmax %arg0 : tensor<2x10xf64>
  // CHECK: %[[B:.*]] = tg.log_softmax %[[A]] {axis = 0 : i64} : tensor<2x10xf64>
  %1 = tg.log_softmax %0 {axis = 0 : i64} : tensor<2x10xf64>
  // CHECK: return %[[A]], %[[B]]
  return %0, %1 : tensor<2x10xf64>, tensor<2x10xf64>
}

// Tests that layer_norm prints each combination of optional scale and bias.
// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%arg0: tensor<2x8x16xf32>, %arg1: tensor<16xf32>, %arg2: tensor<8x16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>) {
  // CHECK: tg.layer_norm %arg0 : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  %0 = tg.layer_norm %arg0 : (tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  // CHECK: tg.layer_norm %arg0 scale %arg1 : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %1 = tg.layer_norm %arg0 scale %arg1 : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  // CHECK: tg.layer_norm %arg0 bias %arg2 {axis = 1 : i64} : (tensor<2x8x16xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  %2 = tg.layer_norm %arg0 bias %arg2 {axis = 1 : i64} : (tensor<2x8x16xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  // CHECK: tg.layer_norm %arg0 scale %arg2 bias %arg2 {axis = -2 : i64} : (tensor<2x8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  %3 = tg.layer_norm %arg0 scale %arg2 bias %arg2 {axis = -2 : i64} : (tensor<2x8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<2x8x16xf32>
  return %0, %1, %2, %3 : tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<2x8x16xf32>
}

// Tests that layer_norm elides the default epsilon 1e-5 and prints any other.
// CHECK-LABEL: func.func @layer_norm_epsilon
func.func @layer_norm_epsilon(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: tg.layer_norm %arg0 scale %arg1 bias %arg1 : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = tg.layer_norm %arg0 scale %arg1 bias %arg1 {epsilon = 1.0e-05 : f64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.layer_norm %arg0 scale %arg1 bias %arg1 {epsilon = 9.9999999999999995E-7 : f64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = tg.layer_norm %arg0 scale %arg1 bias %arg1 {epsilon = 9.9999999999999995E-7 : f64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.layer_norm %arg0 {axis = 0 : i64, epsilon = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = tg.layer_norm %arg0 {axis = 0 : i64, epsilon = 0.000000e+00 : f64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
