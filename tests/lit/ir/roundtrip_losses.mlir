// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that cross_entropy prints with and without ignore_index.
// CHECK-LABEL: func.func @cross_entropy
func.func @cross_entropy(%arg0: tensor<2x8x100xf32>, %arg1: tensor<2x8xi64>, %arg2: tensor<10xf64>, %arg3: tensor<i32>) -> (tensor<f32>, tensor<f32>, tensor<f64>) {
  // CHECK: tg.cross_entropy %arg0, %arg1 : (tensor<2x8x100xf32>, tensor<2x8xi64>) -> tensor<f32>
  %0 = tg.cross_entropy %arg0, %arg1 : (tensor<2x8x100xf32>, tensor<2x8xi64>) -> tensor<f32>
  // CHECK: tg.cross_entropy %arg0, %arg1 {ignore_index = -100 : i64} : (tensor<2x8x100xf32>, tensor<2x8xi64>) -> tensor<f32>
  %1 = tg.cross_entropy %arg0, %arg1 {ignore_index = -100 : i64} : (tensor<2x8x100xf32>, tensor<2x8xi64>) -> tensor<f32>
  // CHECK: tg.cross_entropy %arg2, %arg3 {ignore_index = 0 : i64} : (tensor<10xf64>, tensor<i32>) -> tensor<f64>
  %2 = tg.cross_entropy %arg2, %arg3 {ignore_index = 0 : i64} : (tensor<10xf64>, tensor<i32>) -> tensor<f64>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f64>
}

// Tests that mse prints a rank-0 result of the operands' element type.
// CHECK-LABEL: func.func @mse
func.func @mse(%arg0: tensor<4x8xf32>, %arg1: tensor<4x8xf32>, %arg2: tensor<3xf16>) -> (tensor<f32>, tensor<f16>) {
  // CHECK: tg.mse %arg0, %arg1 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<f32>
  %0 = tg.mse %arg0, %arg1 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<f32>
  // CHECK: tg.mse %arg2, %arg2 : (tensor<3xf16>, tensor<3xf16>) -> tensor<f16>
  %1 = tg.mse %arg2, %arg2 : (tensor<3xf16>, tensor<3xf16>) -> tensor<f16>
  return %0, %1 : tensor<f32>, tensor<f16>
}
