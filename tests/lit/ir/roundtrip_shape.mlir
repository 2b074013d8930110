// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that constant prints its dense literal for float, integer, i1 and splat values.
// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<4x4xf16>, tensor<i32>) {
  // CHECK: tg.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
  %0 = tg.constant dense<[1.0, 2.5]> : tensor<2xf32>
  // CHECK: tg.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
  %1 = tg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  // CHECK: tg.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = tg.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK: tg.constant dense<0.000000e+00> : tensor<4x4xf16>
  %3 = tg.constant dense<0.0> : tensor<4x4xf16>
  // CHECK: tg.constant dense<7> : tensor<i32>
  %4 = tg.constant dense<7> : tensor<i32>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2x2xi64>, tensor<3xi1>, tensor<4x4xf16>, tensor<i32>
}

// Tests that reshape prints its operand and result types.
// CHECK-LABEL: func.func @reshape
func.func @reshape(%arg0: tensor<2x8x16xf32>) -> (tensor<2x8x4x4xf32>, tensor<256xf32>) {
  // CHECK: tg.reshape %arg0 : (tensor<2x8x16xf32>) -> tensor<2x8x4x4xf32>
  %0 = tg.reshape %arg0 : (tensor<2x8x16xf32>) -> tensor<2x8x4x4xf32>
  // CHECK: tg.reshape %arg0 : (tensor<2x8x16xf32>) -> tensor<256xf32>
  %1 = tg.reshape %arg0 : (tensor<2x8x16xf32>) -> tensor<256xf32>
  return %0, %1 : tensor<2x8x4x4xf32>, tensor<256xf32>
}

// Tests that transpose prints its permutation.
// CHECK-LABEL: func.func @transpose
func.func @transpose(%arg0: tensor<2x8x4x5xf32>) -> (tensor<2x4x8x5xf32>, tensor<5x4x8x2xf32>) {
  // CHECK: tg.transpose %arg0 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x5xf32>) -> tensor<2x4x8x5xf32>
  %0 = tg.transpose %arg0 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x8x4x5xf32>) -> tensor<2x4x8x5xf32>
  // CHECK: tg.transpose %arg0 {permutation = array<i64: 3, 2, 1, 0>} : (tensor<2x8x4x5xf32>) -> tensor<5x4x8x2xf32>
  %1 = tg.transpose %arg0 {permutation = array<i64: 3, 2, 1, 0>} : (tensor<2x8x4x5xf32>) -> tensor<5x4x8x2xf32>
  return %0, %1 : tensor<2x4x8x5xf32>, tensor<5x4x8x2xf32>
}

// Tests that concat prints one, two and three inputs.
// CHECK-LABEL: func.func @concat
func.func @concat(%arg0: tensor<2x3xf32>, %arg1: tensor<2x5xf32>, %arg2: tensor<1x3xf32>) -> (tensor<2x3xf32>, tensor<2x8xf32>, tensor<5x3xf32>) {
  // CHECK: tg.concat %arg0 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = tg.concat %arg0 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: tg.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %1 = tg.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: tg.concat %arg0, %arg2, %arg0 {axis = -2 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  %2 = tg.concat %arg0, %arg2, %arg0 {axis = -2 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x8xf32>, tensor<5x3xf32>
}

// Tests that slice prints start and limit, and strides only when given.
// CHECK-LABEL: func.func @slice
func.func @slice(%arg0: tensor<2x8xf32>) -> (tensor<2x6xf32>, tensor<2x3xf32>, tensor<1x0xf32>) {
  // CHECK: tg.slice %arg0 {limit = array<i64: 2, 8>, start = array<i64: 0, 2>} : (tensor<2x8xf32>) -> tensor<2x6xf32>
  %0 = tg.slice %arg0 {start = array<i64: 0, 2>, limit = array<i64: 2, 8>} : (tensor<2x8xf32>) -> tensor<2x6xf32>
  // CHECK: tg.slice %arg0 {limit = array<i64: 2, 8>, start = array<i64: 0, 2>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x3xf32>
  %1 = tg.slice %arg0 {start = array<i64: 0, 2>, limit = array<i64: 2, 8>, strides = array<i64: 1, 2>} : (tensor<2x8xf32>) -> tensor<2x3xf32>
  // CHECK: tg.slice %arg0 {limit = array<i64: 2, 5>, start = array<i64: 1, 5>, strides = array<i64: 3, 4>} : (tensor<2x8xf32>) -> tensor<1x0xf32>
  %2 = tg.slice %arg0 {start = array<i64: 1, 5>, limit = array<i64: 2, 5>, strides = array<i64: 3, 4>} : (tensor<2x8xf32>) -> tensor<1x0xf32>
  return %0, %1, %2 : tensor<2x6xf32>, tensor<2x3xf32>, tensor<1x0xf32>
}

// Tests that gather elides the default axis 0 and accepts i32 and i64 indices.
// CHECK-LABEL: func.func @gather
func.func @gather(%arg0: tensor<1000x64xf32>, %arg1: tensor<2x16xi64>, %arg2: tensor<3xi32>) -> (tensor<2x16x64xf32>, tensor<3x64xf32>, tensor<1000x2x16xf32>, tensor<1000x3xf32>) {
  // CHECK: tg.gather %arg0, %arg1 : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
  %0 = tg.gather %arg0, %arg1 {axis = 0 : i64} : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
  // CHECK: tg.gather %arg0, %arg2 : (tensor<1000x64xf32>, tensor<3xi32>) -> tensor<3x64xf32>
  %1 = tg.gather %arg0, %arg2 : (tensor<1000x64xf32>, tensor<3xi32>) -> tensor<3x64xf32>
  // CHECK: tg.gather %arg0, %arg1 {axis = 1 : i64} : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<1000x2x16xf32>
  %2 = tg.gather %arg0, %arg1 {axis = 1 : i64} : (tensor<1000x64xf32>, tensor<2x16xi64>) -> tensor<1000x2x16xf32>
  // CHECK: tg.gather %arg0, %arg2 {axis = -1 : i64} : (tensor<1000x64xf32>, tensor<3xi32>) -> tensor<1000x3xf32>
  %3 = tg.gather %arg0, %arg2 {axis = -1 : i64} : (tensor<1000x64xf32>, tensor<3xi32>) -> tensor<1000x3xf32>
  return %0, %1, %2, %3 : tensor<2x16x64xf32>, tensor<3x64xf32>, tensor<1000x2x16xf32>, tensor<1000x3xf32>
}

// Tests that broadcast_to prints its operand and result types.
// CHECK-LABEL: func.func @broadcast_to
func.func @broadcast_to(%arg0: tensor<3x1xf32>, %arg1: tensor<i64>) -> (tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<2x2xi64>) {
  // CHECK: tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %0 = tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  // CHECK: tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %1 = tg.broadcast_to %arg0 : (tensor<3x1xf32>) -> tensor<3x1xf32>
  // CHECK: tg.broadcast_to %arg1 : (tensor<i64>) -> tensor<2x2xi64>
  %2 = tg.broadcast_to %arg1 : (tensor<i64>) -> tensor<2x2xi64>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<2x2xi64>
}

// Tests that iota prints its dimension for integer and float results.
// CHECK-LABEL: func.func @iota
func.func @iota() -> (tensor<4x4xi64>, tensor<3x5xf32>) {
  // CHECK: tg.iota {dimension = 1 : i64} : tensor<4x4xi64>
  %0 = tg.iota {dimension = 1 : i64} : tensor<4x4xi64>
  // CHECK: tg.iota {dimension = 0 : i64} : tensor<3x5xf32>
  %1 = tg.iota {dimension = 0 : i64} : tensor<3x5xf32>
  return %0, %1 : tensor<4x4xi64>, tensor<3x5xf32>
}

// Tests that one_hot prints its depth and appends it to the indices' shape.
// CHECK-LABEL: func.func @one_hot
func.func @one_hot(%arg0: tensor<4xi64>, %arg1: tensor<2x3xi32>) -> (tensor<4x10xf32>, tensor<2x3x5xi1>) {
  // CHECK: tg.one_hot %arg0 {depth = 10 : i64} : (tensor<4xi64>) -> tensor<4x10xf32>
  %0 = tg.one_hot %arg0 {depth = 10 : i64} : (tensor<4xi64>) -> tensor<4x10xf32>
  // CHECK: tg.one_hot %arg1 {depth = 5 : i64} : (tensor<2x3xi32>) -> tensor<2x3x5xi1>
  %1 = tg.one_hot %arg1 {depth = 5 : i64} : (tensor<2x3xi32>) -> tensor<2x3x5xi1>
  return %0, %1 : tensor<4x10xf32>, tensor<2x3x5xi1>
}
