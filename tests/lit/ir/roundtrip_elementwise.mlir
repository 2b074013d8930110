// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that the broadcasting binary ops print in their custom form.
// CHECK-LABEL: func.func @binary
func.func @binary(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<2x1xi32>, %arg3: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<2x4xi32>) {
  // CHECK: %[[ADD:.*]] = tg.add %[[A:.*]], %[[B:.*]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = tg.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[SUB:.*]] = tg.sub %[[ADD]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = tg.sub %0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MUL:.*]] = tg.mul %[[SUB]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = tg.mul %1, %arg0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[DIV:.*]] = tg.div %[[B]], %[[MUL]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tg.div %arg1, %2 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MAX:.*]] = tg.max %[[DIV]], %[[A]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = tg.max %3, %arg0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[MIN:.*]] = tg.min %[[MAX]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = tg.min %4, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[POW:.*]] = tg.pow %[[MIN]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = tg.pow %5, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: %[[IADD:.*]] = tg.add %[[C:.*]], %[[D:.*]] : (tensor<2x1xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  %7 = tg.add %arg2, %arg3 : (tensor<2x1xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  // CHECK: %[[IDIV:.*]] = tg.div %[[IADD]], %[[D]] : (tensor<2x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  %8 = tg.div %7, %arg3 : (tensor<2x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  // CHECK: return %[[POW]], %[[IDIV]]
  return %6, %8 : tensor<2x3xf32>, tensor<2x4xi32>
}

// Tests that the unary ops print as `op %x : type`.
// CHECK-LABEL: func.func @unary
func.func @unary(%arg0: tensor<2x3xf32>, %arg1: tensor<4xi64>) -> (tensor<2x3xf32>, tensor<4xi64>) {
  // CHECK: %[[NEG:.*]] = tg.neg %{{.*}} : tensor<2x3xf32>
  %0 = tg.neg %arg0 : tensor<2x3xf32>
  // CHECK: %[[ABS:.*]] = tg.abs %[[NEG]] : tensor<2x3xf32>
  %1 = tg.abs %0 : tensor<2x3xf32>
  // CHECK: %[[EXP:.*]] = tg.exp %[[ABS]] : tensor<2x3xf32>
  %2 = tg.exp %1 : tensor<2x3xf32>
  // CHECK: %[[LOG:.*]] = tg.log %[[EXP]] : tensor<2x3xf32>
  %3 = tg.log %2 : tensor<2x3xf32>
  // CHECK: %[[SQRT:.*]] = tg.sqrt %[[LOG]] : tensor<2x3xf32>
  %4 = tg.sqrt %3 : tensor<2x3xf32>
  // CHECK: %[[RSQRT:.*]] = tg.rsqrt %[[SQRT]] : tensor<2x3xf32>
  %5 = tg.rsqrt %4 : tensor<2x3xf32>
  // CHECK: %[[TANH:.*]] = tg.tanh %[[RSQRT]] : tensor<2x3xf32>
  %6 = tg.tanh %5 : tensor<2x3xf32>
  // CHECK: %[[SIG:.*]] = tg.sigmoid %[[TANH]] : tensor<2x3xf32>
  %7 = tg.sigmoid %6 : tensor<2x3xf32>
  // CHECK: %[[RELU:.*]] = tg.relu %[[SIG]] : tensor<2x3xf32>
  %8 = tg.relu %7 : tensor<2x3xf32>
  // CHECK: %[[ERF:.*]] = tg.erf %[[RELU]] : tensor<2x3xf32>
  %9 = tg.erf %8 : tensor<2x3xf32>
  // CHECK: %[[SIN:.*]] = tg.sin %[[ERF]] : tensor<2x3xf32>
  %10 = tg.sin %9 : tensor<2x3xf32>
  // CHECK: %[[COS:.*]] = tg.cos %[[SIN]] : tensor<2x3xf32>
  %11 = tg.cos %10 : tensor<2x3xf32>
  // CHECK: %[[SG:.*]] = tg.stop_gradient %[[COS]] : tensor<2x3xf32>
  %12 = tg.stop_gradient %11 : tensor<2x3xf32>
  // CHECK: %[[INEG:.*]] = tg.neg %{{.*}} : tensor<4xi64>
  %13 = tg.neg %arg1 : tensor<4xi64>
  // CHECK: %[[IABS:.*]] = tg.abs %[[INEG]] : tensor<4xi64>
  %14 = tg.abs %13 : tensor<4xi64>
  // CHECK: %[[IRELU:.*]] = tg.relu %[[IABS]] : tensor<4xi64>
  %15 = tg.relu %14 : tensor<4xi64>
  // CHECK: return %[[SG]], %[[IRELU]]
  return %12, %15 : tensor<2x3xf32>, tensor<4xi64>
}

// Tests that gelu prints both approximations and stop_gradient takes i1.
// CHECK-LABEL: func.func @gelu
func.func @gelu(%arg0: tensor<2x3xf16>, %arg1: tensor<5xi1>) -> (tensor<2x3xf16>, tensor<5xi1>) {
  // CHECK: %[[E:.*]] = tg.gelu %{{.*}} approximate(erf) : tensor<2x3xf16>
  %0 = tg.gelu %arg0 approximate(erf) : tensor<2x3xf16>
  // CHECK: %[[T:.*]] = tg.gelu %[[E]] approximate(tanh) : tensor<2x3xf16>
  %1 = tg.gelu %0 approximate(tanh) : tensor<2x3xf16>
  // CHECK: %[[S:.*]] = tg.stop_gradient %{{.*}} : tensor<5xi1>
  %2 = tg.stop_gradient %arg1 : tensor<5xi1>
  // CHECK: return %[[T]], %[[S]]
  return %1, %2 : tensor<2x3xf16>, tensor<5xi1>
}

// Tests that compare prints all six directions with an i1 result.
// CHECK-LABEL: func.func @compare
func.func @compare(%arg0: tensor<4x4xi64>, %arg1: tensor<4x1xi64>, %arg2: tensor<3xf32>, %arg3: tensor<f32>) -> (tensor<4x4xi1>, tensor<4x4xi1>, tensor<4x4xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  // CHECK: tg.compare eq, %{{.*}}, %{{.*}} : (tensor<4x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  %0 = tg.compare eq, %arg0, %arg1 : (tensor<4x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  // CHECK: tg.compare ne, %{{.*}}, %{{.*}} : (tensor<4x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  %1 = tg.compare ne, %arg0, %arg1 : (tensor<4x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  // CHECK: tg.compare lt, %{{.*}}, %{{.*}} : (tensor<4x1xi64>, tensor<4x4xi64>) -> tensor<4x4xi1>
  %2 = tg.compare lt, %arg1, %arg0 : (tensor<4x1xi64>, tensor<4x4xi64>) -> tensor<4x4xi1>
  // CHECK: tg.compare le, %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %3 = tg.compare le, %arg2, %arg3 : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  // CHECK: tg.compare gt, %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %4 = tg.compare gt, %arg2, %arg2 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  // CHECK: tg.compare ge, %{{.*}}, %{{.*}} : (tensor<f32>, tensor<3xf32>) -> tensor<3xi1>
  %5 = tg.compare ge, %arg3, %arg2 : (tensor<f32>, tensor<3xf32>) -> tensor<3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4x4xi1>, tensor<4x4xi1>, tensor<4x4xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// Tests that select broadcasts its three operands in the printed type.
// CHECK-LABEL: func.func @select
func.func @select(%arg0: tensor<4x4xi1>, %arg1: tensor<2x4x4xf32>, %arg2: tensor<f32>) -> tensor<2x4x4xf32> {
  // CHECK: %[[R:.*]] = tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %0 = tg.select %arg0, %arg1, %arg2 : (tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  // CHECK: return %[[R]]
  return %0 : tensor<2x4x4xf32>
}

// Tests that cast prints its source and destination types for several pairs.
// CHECK-LABEL: func.func @cast
func.func @cast(%arg0: tensor<4xf32>, %arg1: tensor<4xi64>, %arg2: tensor<4xi1>) -> (tensor<4xf16>, tensor<4xi32>, tensor<4xf64>, tensor<4xi32>, tensor<4xi1>, tensor<4xbf16>, tensor<4xf32>) {
  // CHECK: tg.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xf16>
  %0 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xf16>
  // CHECK: tg.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi32>
  %1 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xi32>
  // CHECK: tg.cast %{{.*}} : (tensor<4xi64>) -> tensor<4xf64>
  %2 = tg.cast %arg1 : (tensor<4xi64>) -> tensor<4xf64>
  // CHECK: tg.cast %{{.*}} : (tensor<4xi64>) -> tensor<4xi32>
  %3 = tg.cast %arg1 : (tensor<4xi64>) -> tensor<4xi32>
  // CHECK: tg.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi1>
  %4 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xi1>
  // CHECK: tg.cast %{{.*}} : (tensor<4xi1>) -> tensor<4xbf16>
  %5 = tg.cast %arg2 : (tensor<4xi1>) -> tensor<4xbf16>
  // CHECK: tg.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
  %6 = tg.cast %arg0 : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf16>, tensor<4xi32>, tensor<4xf64>, tensor<4xi32>, tensor<4xi1>, tensor<4xbf16>, tensor<4xf32>
}
