// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that a plain rank-2 matmul prints with no attributes.
// CHECK-LABEL: func.func @plain
func.func @plain(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // CHECK: %[[R:.*]] = tg.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: return %[[R]]
  return %0 : tensor<2x4xf32>
}

// Tests that explicit false transpose flags are elided as defaults.
// CHECK-LABEL: func.func @explicit_defaults
func.func @explicit_defaults(%arg0: tensor<2x3xi64>, %arg1: tensor<3x4xi64>) -> tensor<2x4xi64> {
  // CHECK: tg.matmul %arg0, %arg1 : (tensor<2x3xi64>, tensor<3x4xi64>) -> tensor<2x4xi64>
  %0 = tg.matmul %arg0, %arg1 {transpose_a = false, transpose_b = false} : (tensor<2x3xi64>, tensor<3x4xi64>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// Tests that transpose_a swaps the last two dimensions of lhs.
// CHECK-LABEL: func.func @transpose_a
func.func @transpose_a(%arg0: tensor<3x2xf32>, %arg1: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // CHECK: tg.matmul %arg0, %arg1 {transpose_a = true} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = tg.matmul %arg0, %arg1 {transpose_a = true} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Tests that transpose_b swaps the last two dimensions of rhs.
// CHECK-LABEL: func.func @transpose_b
func.func @transpose_b(%arg0: tensor<2x4x8x16xf32>, %arg1: tensor<2x4x8x16xf32>) -> tensor<2x4x8x8xf32> {
  // CHECK: tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x8xf32>
  %0 = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// Tests that both transpose flags print together.
// CHECK-LABEL: func.func @transpose_both
func.func @transpose_both(%arg0: tensor<3x2xf64>, %arg1: tensor<4x3xf64>) -> tensor<2x4xf64> {
  // CHECK: tg.matmul %arg0, %arg1 {transpose_a = true, transpose_b = true} : (tensor<3x2xf64>, tensor<4x3xf64>) -> tensor<2x4xf64>
  %0 = tg.matmul %arg0, %arg1 {transpose_a = true, transpose_b = true} : (tensor<3x2xf64>, tensor<4x3xf64>) -> tensor<2x4xf64>
  return %0 : tensor<2x4xf64>
}

// Tests that batch dimensions of size 1 broadcast against each other.
// CHECK-LABEL: func.func @broadcast_batch
func.func @broadcast_batch(%arg0: tensor<5x1x2x3xf32>, %arg1: tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32> {
  // CHECK: tg.matmul %arg0, %arg1 : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
  %0 = tg.matmul %arg0, %arg1 : (tensor<5x1x2x3xf32>, tensor<7x3x4xf32>) -> tensor<5x7x2x4xf32>
  return %0 : tensor<5x7x2x4xf32>
}

// Tests that a rank-2 lhs broadcasts against a rank-4 rhs.
// CHECK-LABEL: func.func @rank2_rank4
func.func @rank2_rank4(%arg0: tensor<2x3xbf16>, %arg1: tensor<6x5x3x4xbf16>) -> tensor<6x5x2x4xbf16> {
  // CHECK: tg.matmul %arg0, %arg1 : (tensor<2x3xbf16>, tensor<6x5x3x4xbf16>) -> tensor<6x5x2x4xbf16>
  %0 = tg.matmul %arg0, %arg1 : (tensor<2x3xbf16>, tensor<6x5x3x4xbf16>) -> tensor<6x5x2x4xbf16>
  return %0 : tensor<6x5x2x4xbf16>
}
