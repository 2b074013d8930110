// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that tg.fused_elementwise prints its operands, types and body with
// the block arguments, and tg.yield its value.
// CHECK-LABEL: func.func @mul_tanh
// CHECK: %[[R:.*]] = tg.fused_elementwise %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>, %[[Y:.*]]: tensor<f32>):
// CHECK-NEXT: %[[M:.*]] = tg.mul %[[X]], %[[Y]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: %[[T:.*]] = tg.tanh %[[M]] : tensor<f32>
// CHECK-NEXT: tg.yield %[[T]] : tensor<f32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]]
func.func @mul_tanh(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tg.fused_elementwise %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.mul %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %1 = tg.tanh %0 : tensor<f32>
    tg.yield %1 : tensor<f32>
  }
  return %r : tensor<2x3xf32>
}

// Tests that a body may hold constants, comparisons, selects, casts and
// gelu, with operands of different element types and shapes.
// CHECK-LABEL: func.func @mixed
// CHECK: tg.fused_elementwise %arg0, %arg1, %arg2 {tag = "x"} : (tensor<4x1xf32>, tensor<5xi1>, tensor<f16>) -> tensor<4x5xf32> {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>, %{{.*}}: tensor<i1>, %{{.*}}: tensor<f16>):
// CHECK-NEXT: tg.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT: tg.gelu %{{.*}} approximate(tanh) : tensor<f32>
// CHECK-NEXT: tg.cast %{{.*}} : (tensor<f16>) -> tensor<f32>
// CHECK-NEXT: tg.compare lt, %{{.*}}, %{{.*}} : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT: tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: tg.yield %{{.*}} : tensor<f32>
func.func @mixed(%a: tensor<4x1xf32>, %m: tensor<5xi1>, %h: tensor<f16>) -> tensor<4x5xf32> {
  %r = tg.fused_elementwise %a, %m, %h {tag = "x"} : (tensor<4x1xf32>, tensor<5xi1>, tensor<f16>) -> tensor<4x5xf32> {
  ^bb0(%x: tensor<f32>, %keep: tensor<i1>, %y: tensor<f16>):
    %half = tg.constant dense<0.5> : tensor<f32>
    %g = tg.gelu %x approximate(tanh) : tensor<f32>
    %c = tg.cast %y : (tensor<f16>) -> tensor<f32>
    %lt = tg.compare lt, %g, %half : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %s = tg.select %lt, %g, %c : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    %t = tg.select %keep, %s, %half : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %t : tensor<f32>
  }
  return %r : tensor<4x5xf32>
}

// Tests that an i1 result (a fused comparison chain) round-trips.
// CHECK-LABEL: func.func @bool_result
// CHECK: tg.fused_elementwise %arg0 : (tensor<3xi64>) -> tensor<3xi1> {
// CHECK: tg.yield %{{.*}} : tensor<i1>
func.func @bool_result(%a: tensor<3xi64>) -> tensor<3xi1> {
  %r = tg.fused_elementwise %a : (tensor<3xi64>) -> tensor<3xi1> {
  ^bb0(%x: tensor<i64>):
    %0 = tg.abs %x : tensor<i64>
    %1 = tg.compare ge, %0, %x : (tensor<i64>, tensor<i64>) -> tensor<i1>
    tg.yield %1 : tensor<i1>
  }
  return %r : tensor<3xi1>
}
