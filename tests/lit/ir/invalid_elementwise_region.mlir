// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that fused_elementwise_c1 rejects an op without operands.
func.func @no_operands() -> tensor<f32> {
  // expected-error@+1 {{'tg.fused_elementwise' op needs at least one operand}}
  %r = tg.fused_elementwise : () -> tensor<f32> {
  ^bb0:
    %0 = tg.constant dense<1.0> : tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// Tests that fused_elementwise_c2 rejects operands that do not broadcast.
func.func @not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'tg.fused_elementwise' op operand #1 ('tensor<4xf32>') is not broadcast-compatible with the operands before it}}
  %r = tg.fused_elementwise %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.add %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<2x3xf32>
}

// -----

// Tests that fused_elementwise_c2 rejects a result shape other than the broadcast.
func.func @wrong_result_shape(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<4x2x3xf32> {
  // expected-error@+1 {{'tg.fused_elementwise' op result 'tensor<4x2x3xf32>' must have the operands' broadcast shape: expected 'tensor<2x3xf32>'}}
  %r = tg.fused_elementwise %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<4x2x3xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.add %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<4x2x3xf32>
}

// -----

// Tests that fused_elementwise_c3 rejects a body with too few arguments.
func.func @argument_count(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'tg.fused_elementwise' op body has 1 arguments but the op has 2 operands}}
  %r = tg.fused_elementwise %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    %0 = tg.neg %x : tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c3 rejects an argument of the wrong element type.
func.func @argument_element_type(%a: tensor<3xf32>, %b: tensor<3xi32>) -> tensor<3xf32> {
  // expected-error@+1 {{'tg.fused_elementwise' op body argument #1 has type 'tensor<f32>', expected 'tensor<i32>' for operand #1}}
  %r = tg.fused_elementwise %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.add %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c3 rejects an argument that is not rank 0.
func.func @argument_rank(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'tg.fused_elementwise' op body argument #0 has type 'tensor<3xf32>', expected 'tensor<f32>' for operand #0}}
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<3xf32>):
    %0 = tg.neg %x : tensor<3xf32>
    tg.yield %0 : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c4 rejects an op that is not elementwise.
func.func @not_elementwise(%a: tensor<3xf32>) -> tensor<3xf32> {
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    // expected-error@+1 {{'tg.reshape' op is not an elementwise tg op or tg.constant, so it cannot be in the body of tg.fused_elementwise}}
    %0 = tg.reshape %x : (tensor<f32>) -> tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c4 rejects tg.stop_gradient, which autodiff must see.
func.func @stop_gradient(%a: tensor<3xf32>) -> tensor<3xf32> {
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    // expected-error@+1 {{'tg.stop_gradient' op is not an elementwise tg op or tg.constant}}
    %0 = tg.stop_gradient %x : tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c4 rejects body values that are not rank 0.
func.func @body_rank(%a: tensor<3xf32>) -> tensor<3xf32> {
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    // expected-error@+1 {{'tg.constant' op in the body of tg.fused_elementwise must have rank-0 operands and results, got 'tensor<3xf32>'}}
    %c = tg.constant dense<1.0> : tensor<3xf32>
    %0 = tg.add %x, %c : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
    %1 = tg.neg %x : tensor<f32>
    tg.yield %1 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c4 rejects a body that reads a value from outside.
func.func @captured(%a: tensor<3xf32>, %b: tensor<f32>) -> tensor<3xf32> {
  // expected-note@+1 {{required by region isolation constraints}}
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    // expected-error@+1 {{'tg.add' op using value defined outside the region}}
    %0 = tg.add %x, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %0 : tensor<f32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that fused_elementwise_c5 rejects a yield of the wrong element type.
func.func @yield_type(%a: tensor<3xf32>) -> tensor<3xf32> {
  %r = tg.fused_elementwise %a : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%x: tensor<f32>):
    %0 = tg.compare gt, %x, %x : (tensor<f32>, tensor<f32>) -> tensor<i1>
    // expected-error@+1 {{'tg.yield' op yields 'tensor<i1>' but the tg.fused_elementwise result 'tensor<3xf32>' needs 'tensor<f32>'}}
    tg.yield %0 : tensor<i1>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that tg.yield outside tg.fused_elementwise is rejected.
func.func @yield_outside(%a: tensor<f32>) -> tensor<f32> {
  // expected-error@+1 {{'tg.yield' op expects parent op 'tg.fused_elementwise'}}
  tg.yield %a : tensor<f32>
}
