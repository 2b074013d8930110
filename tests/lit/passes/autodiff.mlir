// RUN: tg-opt %s --split-input-file --tg-autodiff --verify-diagnostics | FileCheck %s

// Tests that @f_grad returns the original results, then grad.<param> for
// each parameter, built by the reverse walk (mul's rule, sum's broadcast).
// (tests/unit/passes/VjpTest.cpp covers `inputs=` and checks the values.)
// CHECK-LABEL: func.func @f(
// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>)
// CHECK-SAME: tg.result_names = ["loss", "y", "grad.w", "grad.b"]
// CHECK: %[[Y:.*]] = tg.mul %arg0, %arg2
// CHECK: %[[Z:.*]] = tg.add %[[Y]], %arg1
// CHECK: %[[L:.*]] = tg.reduce_sum %[[Z]]
// CHECK: tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DZ:.*]] = tg.broadcast_to
// CHECK: %[[DB:.*]] = tg.reduce_sum %[[DZ]] {axes = array<i64: 0>}
// CHECK: %[[DW:.*]] = tg.mul %[[DZ]], %arg2
// CHECK: return %[[L]], %[[Y]], %[[DW]], %[[DB]]
func.func @f(%w: tensor<2x3xf32> {tg.param = "w"}, %b: tensor<3xf32> {tg.param = "b"}, %x: tensor<2x3xf32> {tg.input = "x"}) -> (tensor<f32>, tensor<2x3xf32>) attributes {tg.result_names = ["loss", "y"]} {
  %y = tg.mul %w, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = tg.add %y, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %l = tg.reduce_sum %z {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<2x3xf32>
}

// -----

// Tests that a parameter whose only path to the loss goes through
// stop_gradient gets a zero gradient and a warning naming the cut.
// CHECK-LABEL: func.func @cut_grad(
// CHECK-DAG: %[[ZERO:.*]] = tg.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[ZERO]]
func.func @cut(%w: tensor<4xf32> {tg.param = "w"}, %v: tensor<4xf32> {tg.param = "v"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  // expected-warning@+1 {{tg-autodiff: parameter 'v' gets a zero gradient: its path to the loss is cut by 'tg.stop_gradient'}}
  %s = tg.stop_gradient %v : tensor<4xf32>
  %p = tg.mul %w, %s : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %l = tg.reduce_sum %p {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that a parameter the loss does not read at all is warned about at
// the function.
// expected-warning@+1 {{tg-autodiff: parameter 'unused' gets a zero gradient: the loss does not depend on it}}
func.func @unused(%w: tensor<4xf32> {tg.param = "w"}, %u: tensor<4xf32> {tg.param = "unused"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %l = tg.reduce_sum %w {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that an op on the path to the loss without a VJP rule is an error
// naming the op (a call: tg-autodiff differentiates no callee). The external
// callee itself is skipped.
func.func private @g(tensor<4xf32>) -> tensor<4xf32>

func.func @no_rule(%w: tensor<4xf32> {tg.param = "w"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  // expected-error@+1 {{tg-autodiff: 'func.call' has no VJP rule yet}}
  %y = func.call @g(%w) : (tensor<4xf32>) -> tensor<4xf32>
  %l = tg.reduce_sum %y {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that tg.lstm is differentiated through its per-step ops: @f keeps
// the op, @f_grad is decomposed (tg-decompose-rnn) before the reverse walk.
// CHECK-LABEL: func.func @lstm(
// CHECK: tg.lstm
// CHECK-LABEL: func.func @lstm_grad(
// CHECK-SAME: tg.result_names = ["loss", "grad.w_ih", "grad.w_hh", "grad.b_ih", "grad.b_hh"]
// CHECK-NOT: tg.lstm
// CHECK: tg.sigmoid
// CHECK: return
func.func @lstm(%x: tensor<2x3x5xf32> {tg.input = "x"}, %w_ih: tensor<16x5xf32> {tg.param = "w_ih"}, %w_hh: tensor<16x4xf32> {tg.param = "w_hh"}, %b_ih: tensor<16xf32> {tg.param = "b_ih"}, %b_hh: tensor<16xf32> {tg.param = "b_hh"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 4 : i64} : (tensor<2x3x5xf32>, tensor<16x5xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x3x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %l = tg.reduce_sum %y {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that tg.fused_elementwise is differentiated by its body's rules:
// one fused loop per float operand, over the operands the derivative reads
// and the result's cotangent (d a of tanh(a * b) = g (1 - t^2) b), then
// summed back over the broadcast axis for b.
// CHECK-LABEL: func.func @fused_grad(
// CHECK: %[[G:.*]] = tg.broadcast_to
// CHECK: %[[DA:.*]] = tg.fused_elementwise %arg0, %arg1, %[[G]] : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>, %[[Y:.*]]: tensor<f32>, %[[DY:.*]]: tensor<f32>):
// CHECK-NEXT: %[[P:.*]] = tg.mul %[[X]], %[[Y]]
// CHECK-NEXT: %[[T:.*]] = tg.tanh %[[P]]
// CHECK-NEXT: %[[T2:.*]] = tg.mul %[[T]], %[[T]]
// CHECK-NEXT: %[[ONE:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[S:.*]] = tg.sub %[[ONE]], %[[T2]]
// CHECK-NEXT: %[[DP:.*]] = tg.mul %[[DY]], %[[S]]
// CHECK-NEXT: %[[D:.*]] = tg.mul %[[DP]], %[[Y]]
// CHECK-NEXT: tg.yield %[[D]] : tensor<f32>
// CHECK: %[[DBFULL:.*]] = tg.fused_elementwise %arg0, %arg1, %[[G]]
// CHECK: %[[DB:.*]] = tg.reduce_sum %[[DBFULL]] {axes = array<i64: 0>}
// CHECK: return %{{.*}}, %[[DA]], %[[DB]]
func.func @fused(%a: tensor<2x3xf32> {tg.param = "a"}, %b: tensor<3xf32> {tg.param = "b"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %r = tg.fused_elementwise %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.mul %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %1 = tg.tanh %0 : tensor<f32>
    tg.yield %1 : tensor<f32>
  }
  %l = tg.reduce_sum %r {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that a fused operand whose only use in the body is a comparison
// gets a zero gradient, with the fused op named as the cut.
// CHECK-LABEL: func.func @fused_cut_grad(
// CHECK: %[[ZERO:.*]] = tg.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[ZERO]]
func.func @fused_cut(%a: tensor<4xf32> {tg.param = "a"}, %t: tensor<4xf32> {tg.param = "threshold"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  // expected-warning@+1 {{tg-autodiff: parameter 'threshold' gets a zero gradient: its path to the loss is cut by 'tg.fused_elementwise'}}
  %r = tg.fused_elementwise %a, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %c = tg.compare gt, %x, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %z = tg.constant dense<0.000000e+00> : tensor<f32>
    %s = tg.select %c, %x, %z : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %s : tensor<f32>
  }
  %l = tg.reduce_sum %r {axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Tests that fused ops take their own rules: tg.attention's recomputes
// the probabilities (the forward keeps none) and goes on as the softmax
// and matmul backward. The scale 1/sqrt(8), which f32 does not hold, is
// the sum of three f32 constants, so the float64 reference scales by the
// forward's double while an f32 backend gets the scale rounded once.
// CHECK-LABEL: func.func @attention_grad(
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 {causal = true
// CHECK: %[[HI:.*]] = tg.constant dense<0.353553385> : tensor<f32>
// CHECK-NEXT: %[[LO:.*]] = tg.constant dense<6.05080874E-9> : tensor<f32>
// CHECK-NEXT: %[[HILO:.*]] = tg.add %[[HI]], %[[LO]]
// CHECK-NEXT: %[[LO2:.*]] = tg.constant dense<-1.66533454E-16> : tensor<f32>
// CHECK-NEXT: %[[SCALE:.*]] = tg.add %[[HILO]], %[[LO2]]
// CHECK: %[[S:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true}
// CHECK: %[[SS:.*]] = tg.mul %[[S]], %[[SCALE]] : (tensor<2x4x4xf32>, tensor<f32>)
// CHECK: tg.iota
// CHECK: %[[M:.*]] = tg.select
// CHECK: %[[P:.*]] = tg.softmax %[[M]]
// CHECK: tg.matmul %[[P]], %{{.*}} {transpose_a = true}
// CHECK-NOT: tg.attention
// CHECK: return
func.func @attention(%q: tensor<2x4x8xf32> {tg.param = "q"}, %k: tensor<2x4x8xf32> {tg.param = "k"}, %v: tensor<2x4x8xf32> {tg.param = "v"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %o = tg.attention %q, %k, %v {causal = true, scale = 0.35355339059327379 : f64} : (tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %l = tg.reduce_sum %o {axes = array<i64: 0, 1, 2>} : (tensor<2x4x8xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
