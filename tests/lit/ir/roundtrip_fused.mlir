// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that tg.attention prints and parses with and without a mask.
// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x6x16xf32>, %v: tensor<2x4x6x32xf32>,
                     %m: tensor<8x6xi1>, %a: tensor<2x1x1x6xf32>)
    -> (tensor<2x4x8x32xf32>, tensor<2x4x8x32xf32>, tensor<2x4x8x32xf32>) {
  // CHECK: tg.attention %{{.*}}, %{{.*}}, %{{.*}} {causal = true, scale = 2.500000e-01 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x32xf32>) -> tensor<2x4x8x32xf32>
  %0 = tg.attention %q, %k, %v {causal = true, scale = 0.25 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x32xf32>) -> tensor<2x4x8x32xf32>
  // CHECK: tg.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} {scale = 2.500000e-01 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x32xf32>, tensor<8x6xi1>) -> tensor<2x4x8x32xf32>
  %1 = tg.attention %q, %k, %v mask %m {scale = 0.25 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x32xf32>, tensor<8x6xi1>) -> tensor<2x4x8x32xf32>
  // CHECK: tg.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} {scale = 1.000000e+00 : f64} : ({{.*}}, tensor<2x1x1x6xf32>) -> tensor<2x4x8x32xf32>
  %2 = tg.attention %q, %k, %v mask %a {scale = 1.0 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x6x16xf32>, tensor<2x4x6x32xf32>, tensor<2x1x1x6xf32>) -> tensor<2x4x8x32xf32>
  return %0, %1, %2 : tensor<2x4x8x32xf32>, tensor<2x4x8x32xf32>, tensor<2x4x8x32xf32>
}

// Tests that tg.add_layer_norm prints both results and its optional operands.
// CHECK-LABEL: func.func @add_layer_norm
func.func @add_layer_norm(%x: tensor<2x8xf32>, %r: tensor<2x8xf32>, %g: tensor<8xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  // CHECK: %result, %sum = tg.add_layer_norm %{{.*}}, %{{.*}} scale %{{.*}} bias %{{.*}} {epsilon = 9.9999999999999995E-7 : f64} : (tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  %y, %s = tg.add_layer_norm %x, %r scale %g bias %g {epsilon = 1.0e-6 : f64} : (tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  // CHECK: tg.add_layer_norm %{{.*}}, %{{.*}} : (tensor<2x8xf32>, tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  %z, %t = tg.add_layer_norm %x, %r : (tensor<2x8xf32>, tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return %y, %s, %z : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// Tests that tg.fused_matmul prints its bias and each activation.
// CHECK-LABEL: func.func @fused_matmul
func.func @fused_matmul(%x: tensor<4x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>)
    -> (tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>) {
  // CHECK: tg.fused_matmul %{{.*}}, %{{.*}} bias %{{.*}} activation(relu) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  %0 = tg.fused_matmul %x, %w bias %b activation(relu) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  // CHECK: tg.fused_matmul %{{.*}}, %{{.*}} activation(gelu_erf) {transpose_b = true}
  %1 = tg.fused_matmul %x, %w activation(gelu_erf) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>) -> tensor<4x32xf32>
  // CHECK: tg.fused_matmul %{{.*}}, %{{.*}} bias %{{.*}} activation(gelu_tanh)
  %2 = tg.fused_matmul %x, %w bias %b activation(gelu_tanh) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  // CHECK: tg.fused_matmul %{{.*}}, %{{.*}} bias %{{.*}} activation(none)
  %3 = tg.fused_matmul %x, %w bias %b activation(none) {transpose_b = true} : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  return %0, %1, %2, %3 : tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>
}

// Tests that tg.nearest_codeword prints and parses.
// CHECK-LABEL: func.func @nearest_codeword
// CHECK: tg.nearest_codeword %arg0, %arg1 : (tensor<7x3xf32>, tensor<5x3xf32>) -> tensor<7xi64>
func.func @nearest_codeword(%z: tensor<7x3xf32>, %e: tensor<5x3xf32>) -> tensor<7xi64> {
  %0 = tg.nearest_codeword %z, %e : (tensor<7x3xf32>, tensor<5x3xf32>) -> tensor<7xi64>
  return %0 : tensor<7xi64>
}
