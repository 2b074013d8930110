// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that the four reductions print axes and elide keepdims = false.
// CHECK-LABEL: func.func @reduce
func.func @reduce(%arg0: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3x1xf32>) {
  // CHECK: tg.reduce_sum %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %0 = tg.reduce_sum %arg0 {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // CHECK: tg.reduce_mean %arg0 {axes = array<i64: -1, 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %1 = tg.reduce_mean %arg0 {axes = array<i64: -1, 1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  // CHECK: tg.reduce_max %arg0 {axes = array<i64: 0, -1>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %2 = tg.reduce_max %arg0 {axes = array<i64: 0, -1>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // CHECK: tg.reduce_min %arg0 {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %3 = tg.reduce_min %arg0 {axes = array<i64: -1>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return %0, %1, %2, %3 : tensor<2x4xf32>, tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x3x1xf32>
}

// Tests that integer reductions keep the integer element type.
// CHECK-LABEL: func.func @reduce_int
func.func @reduce_int(%arg0: tensor<2x3xi32>) -> (tensor<i32>, tensor<1x3xi32>, tensor<2xi32>) {
  // CHECK: tg.reduce_sum %arg0 {axes = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<i32>
  %0 = tg.reduce_sum %arg0 {axes = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<i32>
  // CHECK: tg.reduce_max %arg0 {axes = array<i64: -2>, keepdims = true} : (tensor<2x3xi32>) -> tensor<1x3xi32>
  %1 = tg.reduce_max %arg0 {axes = array<i64: -2>, keepdims = true} : (tensor<2x3xi32>) -> tensor<1x3xi32>
  // CHECK: tg.reduce_min %arg0 {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  %2 = tg.reduce_min %arg0 {axes = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<i32>, tensor<1x3xi32>, tensor<2xi32>
}

// Tests that argmax and argmin print an i64 result with keepdims and negative axes.
// CHECK-LABEL: func.func @arg_reduce
func.func @arg_reduce(%arg0: tensor<2x3xf32>, %arg1: tensor<4x5xi32>) -> (tensor<2xi64>, tensor<2x1xi64>, tensor<5xi64>, tensor<1x5xi64>) {
  // CHECK: tg.argmax %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  %0 = tg.argmax %arg0 {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  // CHECK: tg.argmax %arg0 {axis = -1 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  %1 = tg.argmax %arg0 {axis = -1 : i64, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  // CHECK: tg.argmin %arg1 {axis = -2 : i64} : (tensor<4x5xi32>) -> tensor<5xi64>
  %2 = tg.argmin %arg1 {axis = -2 : i64, keepdims = false} : (tensor<4x5xi32>) -> tensor<5xi64>
  // CHECK: tg.argmin %arg1 {axis = 0 : i64, keepdims = true} : (tensor<4x5xi32>) -> tensor<1x5xi64>
  %3 = tg.argmin %arg1 {axis = 0 : i64, keepdims = true} : (tensor<4x5xi32>) -> tensor<1x5xi64>
  return %0, %1, %2, %3 : tensor<2xi64>, tensor<2x1xi64>, tensor<5xi64>, tensor<1x5xi64>
}
