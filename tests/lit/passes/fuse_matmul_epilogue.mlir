// RUN: tg-opt %s --split-input-file --tg-fuse-matmul-epilogue | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-fuse-matmul-epilogue=report=true --verify-diagnostics > /dev/null

// Tests that matmul + bias becomes tg.fused_matmul with activation(none),
// keeping the matmul's transpose flag.
// CHECK-LABEL: func.func @bias
// CHECK-NOT: tg.matmul
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(none) {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<16x256xf32>
// CHECK-NOT: tg.add
// CHECK: return %[[R]]
func.func @bias(%x: tensor<16x64xf32>, %w: tensor<256x64xf32>, %b: tensor<256xf32>) -> tensor<16x256xf32> {
  %m = tg.matmul %x, %w {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>) -> tensor<16x256xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul: tg.add (}}
  %a = tg.add %m, %b : (tensor<16x256xf32>, tensor<256xf32>) -> tensor<16x256xf32>
  return %a : tensor<16x256xf32>
}

// -----

// Tests that a bias on the left of the add fuses too.
// CHECK-LABEL: func.func @bias_on_left
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(none) : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
// CHECK: return %[[R]]
func.func @bias_on_left(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %a = tg.add %b, %m : (tensor<3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %a : tensor<4x3xf32>
}

// -----

// Tests that matmul + bias + relu becomes one tg.fused_matmul with
// activation(relu): the bias fusion first, then the activation.
// CHECK-LABEL: func.func @bias_relu
// CHECK-NOT: tg.matmul
// CHECK-NOT: tg.relu
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(relu) {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<16x256xf32>
// CHECK-NOT: tg.relu
// CHECK: return %[[R]]
func.func @bias_relu(%x: tensor<16x64xf32>, %w: tensor<256x64xf32>, %b: tensor<256xf32>) -> tensor<16x256xf32> {
  %m = tg.matmul %x, %w {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>) -> tensor<16x256xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul: tg.add (}}
  %a = tg.add %m, %b : (tensor<16x256xf32>, tensor<256xf32>) -> tensor<16x256xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul: tg.relu (}}
  %h = tg.relu %a : tensor<16x256xf32>
  return %h : tensor<16x256xf32>
}

// -----

// Tests that gelu with the erf form becomes activation(gelu_erf).
// CHECK-LABEL: func.func @bias_gelu_erf
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(gelu_erf) : (tensor<2x4x8xf32>, tensor<8x6xf32>, tensor<6xf32>) -> tensor<2x4x6xf32>
// CHECK-NOT: tg.gelu
// CHECK: return %[[R]]
func.func @bias_gelu_erf(%x: tensor<2x4x8xf32>, %w: tensor<8x6xf32>, %b: tensor<6xf32>) -> tensor<2x4x6xf32> {
  %m = tg.matmul %x, %w : (tensor<2x4x8xf32>, tensor<8x6xf32>) -> tensor<2x4x6xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %a = tg.add %m, %b : (tensor<2x4x6xf32>, tensor<6xf32>) -> tensor<2x4x6xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul: tg.gelu (}}
  %h = tg.gelu %a approximate(erf) : tensor<2x4x6xf32>
  return %h : tensor<2x4x6xf32>
}

// -----

// Tests that gelu with the tanh form becomes activation(gelu_tanh).
// CHECK-LABEL: func.func @bias_gelu_tanh
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(gelu_tanh) : (tensor<4x8xf32>, tensor<8x6xf32>, tensor<6xf32>) -> tensor<4x6xf32>
// CHECK-NOT: tg.gelu
// CHECK: return %[[R]]
func.func @bias_gelu_tanh(%x: tensor<4x8xf32>, %w: tensor<8x6xf32>, %b: tensor<6xf32>) -> tensor<4x6xf32> {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %a = tg.add %m, %b : (tensor<4x6xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %h = tg.gelu %a approximate(tanh) : tensor<4x6xf32>
  return %h : tensor<4x6xf32>
}

// -----

// Tests that an activation of a bare matmul fuses without a bias.
// CHECK-LABEL: func.func @bare_matmul_relu
// CHECK: %[[R:.*]] = tg.fused_matmul %arg0, %arg1 activation(relu) {transpose_a = true} : (tensor<8x4xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
// CHECK-NOT: tg.relu
// CHECK: return %[[R]]
func.func @bare_matmul_relu(%x: tensor<8x4xf32>, %w: tensor<8x6xf32>) -> tensor<4x6xf32> {
  %m = tg.matmul %x, %w {transpose_a = true} : (tensor<8x4xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul: tg.relu (}}
  %h = tg.relu %m : tensor<4x6xf32>
  return %h : tensor<4x6xf32>
}

// -----

// Tests that a matmul with a second user keeps its value: neither the bias
// nor the activation is fused.
// CHECK-LABEL: func.func @matmul_second_user
// CHECK-NOT: tg.fused_matmul
// CHECK: %[[M:.*]] = tg.matmul %arg0, %arg1
// CHECK: %[[A:.*]] = tg.add %[[M]], %arg2
// CHECK: %[[H:.*]] = tg.relu %[[M]]
// CHECK: return %[[A]], %[[H]]
func.func @matmul_second_user(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %a = tg.add %m, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %h = tg.relu %m : tensor<4x3xf32>
  return %a, %h : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Tests that a fused bias whose result has a second user keeps the
// activation separate.
// CHECK-LABEL: func.func @biased_value_second_user
// CHECK: %[[F:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(none)
// CHECK: %[[H:.*]] = tg.relu %[[F]]
// CHECK: return %[[F]], %[[H]]
func.func @biased_value_second_user(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %a = tg.add %m, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %h = tg.relu %a : tensor<4x3xf32>
  return %a, %h : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Tests that an add whose other operand grows the result ([4, 3] + [2, 4, 3])
// is not a bias: the matmul and the add remain.
// CHECK-LABEL: func.func @bias_grows_result
// CHECK-NOT: tg.fused_matmul
// CHECK: %[[M:.*]] = tg.matmul %arg0, %arg1
// CHECK: tg.add %[[M]], %arg2 : (tensor<4x3xf32>, tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
func.func @bias_grows_result(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>, %b: tensor<2x4x3xf32>) -> tensor<2x4x3xf32> {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %a = tg.add %m, %b : (tensor<4x3xf32>, tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  return %a : tensor<2x4x3xf32>
}

// -----

// Tests that an activation after an already activated fused_matmul is not
// folded into it.
// CHECK-LABEL: func.func @second_activation
// CHECK: %[[F:.*]] = tg.fused_matmul %arg0, %arg1 activation(relu)
// CHECK: %[[G:.*]] = tg.gelu %[[F]] approximate(erf)
// CHECK: return %[[G]]
func.func @second_activation(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %m = tg.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_matmul}}
  %h = tg.relu %m : tensor<4x3xf32>
  %g = tg.gelu %h approximate(erf) : tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

// Tests that an activation of something other than a matmul is left alone.
// CHECK-LABEL: func.func @relu_of_add
// CHECK-NOT: tg.fused_matmul
// CHECK: tg.relu
func.func @relu_of_add(%x: tensor<4x3xf32>, %y: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %a = tg.add %x, %y : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %h = tg.relu %a : tensor<4x3xf32>
  return %h : tensor<4x3xf32>
}
