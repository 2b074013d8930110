// RUN: tg-opt %s --split-input-file --tg-fuse-elementwise | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-fuse-elementwise=report=true --verify-diagnostics > /dev/null

// Tests that GELU (tanh form) written out by hand becomes one
// tg.fused_elementwise whose body holds the chain with its scalar constants.
// CHECK-LABEL: func.func @gelu_tanh_by_hand
// CHECK-NOT: tg.constant
// CHECK: %[[R:.*]] = tg.fused_elementwise %arg0 : (tensor<4x8xf32>) -> tensor<4x8xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>):
// CHECK-DAG: %[[HALF:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[ONE:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[K:.*]] = tg.constant dense<0.797884583> : tensor<f32>
// CHECK-DAG: %[[A:.*]] = tg.constant dense<4.471500e-02> : tensor<f32>
// CHECK: %[[X2:.*]] = tg.mul %[[X]], %[[X]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: %[[X3:.*]] = tg.mul %[[X2]], %[[X]]
// CHECK-NEXT: %[[AX3:.*]] = tg.mul %[[A]], %[[X3]]
// CHECK-NEXT: %[[INNER:.*]] = tg.add %[[X]], %[[AX3]]
// CHECK-NEXT: %[[SCALED:.*]] = tg.mul %[[K]], %[[INNER]]
// CHECK-NEXT: %[[T:.*]] = tg.tanh %[[SCALED]] : tensor<f32>
// CHECK-NEXT: %[[ONEPT:.*]] = tg.add %[[ONE]], %[[T]]
// CHECK-NEXT: %[[HX:.*]] = tg.mul %[[HALF]], %[[X]]
// CHECK-NEXT: %[[Y:.*]] = tg.mul %[[HX]], %[[ONEPT]]
// CHECK-NEXT: tg.yield %[[Y]] : tensor<f32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[R]] : tensor<4x8xf32>
func.func @gelu_tanh_by_hand(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %half = tg.constant dense<0.5> : tensor<f32>
  %one = tg.constant dense<1.0> : tensor<f32>
  %k = tg.constant dense<0.797884583> : tensor<f32>
  %a = tg.constant dense<0.044715> : tensor<f32>
  %x2 = tg.mul %x, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %x3 = tg.mul %x2, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %ax3 = tg.mul %a, %x3 : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %inner = tg.add %x, %ax3 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %scaled = tg.mul %k, %inner : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %t = tg.tanh %scaled : tensor<4x8xf32>
  %onept = tg.add %one, %t : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %hx = tg.mul %half, %x : (tensor<f32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // expected-remark@+1 {{fused 9 ops into tg.fused_elementwise: tg.mul (}}
  %y = tg.mul %hx, %onept : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// Tests that LSTM cell math (as tg-decompose-rnn leaves it) fuses into two
// regions: the new cell state c', which is returned as well as read by the
// hidden state, and h' = o * tanh(c'). Gate pre-activations broadcast a
// per-unit bias inside the region.
// CHECK-LABEL: func.func @lstm_cell
// CHECK: %[[C:.*]] = tg.fused_elementwise %arg0, %arg1, %arg2, %arg3, %arg4 : (tensor<2x4xf32>, tensor<4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32> {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>):
// CHECK-NEXT: tg.add
// CHECK-NEXT: tg.sigmoid
// CHECK-NEXT: tg.sigmoid
// CHECK-NEXT: tg.tanh
// CHECK-NEXT: tg.mul
// CHECK-NEXT: tg.mul
// CHECK-NEXT: tg.add
// CHECK-NEXT: tg.yield
// CHECK: %[[H:.*]] = tg.fused_elementwise %arg6, %[[C]] : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32> {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>):
// CHECK-NEXT: tg.sigmoid
// CHECK-NEXT: tg.tanh
// CHECK-NEXT: tg.mul
// CHECK-NEXT: tg.yield
// CHECK: return %[[H]], %[[C]]
func.func @lstm_cell(%gi: tensor<2x4xf32>, %bi: tensor<4xf32>, %gf: tensor<2x4xf32>,
                     %gg: tensor<2x4xf32>, %c: tensor<2x4xf32>, %unused: tensor<2x4xf32>,
                     %go: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %gib = tg.add %gi, %bi : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %i = tg.sigmoid %gib : tensor<2x4xf32>
  %f = tg.sigmoid %gf : tensor<2x4xf32>
  %g = tg.tanh %gg : tensor<2x4xf32>
  %fc = tg.mul %f, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %ig = tg.mul %i, %g : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  // expected-remark@+2 {{fused 7 ops into tg.fused_elementwise: tg.add (}}
  // expected-remark@+1 {{not fused into tg.fused_elementwise: its result is also used outside the chain, by func.return}}
  %c1 = tg.add %fc, %ig : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %dummy = tg.add %unused, %unused : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %o = tg.sigmoid %go : tensor<2x4xf32>
  %tc = tg.tanh %c1 : tensor<2x4xf32>
  // expected-remark@+1 {{fused 3 ops into tg.fused_elementwise: tg.mul (}}
  %h1 = tg.mul %o, %tc : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %h1, %c1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Tests that a value used by two ops of the chain (a DAG) fuses with them.
// CHECK-LABEL: func.func @dag
// CHECK: tg.fused_elementwise %arg0 : (tensor<3xf32>) -> tensor<3xf32> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>):
// CHECK-NEXT: %[[E:.*]] = tg.exp %[[X]]
// CHECK-NEXT: %[[M:.*]] = tg.mul %[[E]], %[[E]]
// CHECK-NEXT: %[[A:.*]] = tg.add %[[M]], %[[E]]
// CHECK-NEXT: tg.yield %[[A]]
// CHECK-NOT: tg.exp
func.func @dag(%x: tensor<3xf32>) -> tensor<3xf32> {
  %e = tg.exp %x : tensor<3xf32>
  %m = tg.mul %e, %e : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // expected-remark@+1 {{fused 3 ops into tg.fused_elementwise}}
  %a = tg.add %m, %e : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %a : tensor<3xf32>
}

// -----

// Tests that an optimizer update (Adam-like, with a comparison and select
// and an integer-free cast) fuses, keeping operands of several element types.
// CHECK-LABEL: func.func @update
// CHECK: %[[R:.*]] = tg.fused_elementwise %arg2, %arg1, %arg0, %arg3 : (tensor<5xf16>, tensor<5xf32>, tensor<5xf32>, tensor<5xi1>) -> tensor<5xf32> {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<f16>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<i1>):
// CHECK-DAG: tg.constant dense<9.99999993E-9> : tensor<f32>
// CHECK-DAG: tg.constant dense<1.000000e-03> : tensor<f32>
// CHECK: tg.cast %{{.*}} : (tensor<f16>) -> tensor<f32>
// CHECK: tg.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK: return %[[R]]
func.func @update(%w: tensor<5xf32>, %m: tensor<5xf32>, %v: tensor<5xf16>, %frozen: tensor<5xi1>) -> tensor<5xf32> {
  %lr = tg.constant dense<1.0e-3> : tensor<f32>
  %eps = tg.constant dense<1.0e-8> : tensor<5xf32>
  %v32 = tg.cast %v : (tensor<5xf16>) -> tensor<5xf32>
  %s = tg.sqrt %v32 : tensor<5xf32>
  %d = tg.add %s, %eps : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %q = tg.div %m, %d : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %step = tg.mul %lr, %q : (tensor<f32>, tensor<5xf32>) -> tensor<5xf32>
  %new = tg.sub %w, %step : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  // expected-remark@+1 {{fused 7 ops into tg.fused_elementwise}}
  %r = tg.select %frozen, %w, %new : (tensor<5xi1>, tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %r : tensor<5xf32>
}

// -----

// Tests that a splat constant that gives the chain its shape stays an
// operand: without it the other operands would not broadcast to the result.
// CHECK-LABEL: func.func @shaping_constant
// CHECK: %[[C:.*]] = tg.constant dense<2.000000e+00> : tensor<2x3xf32>
// CHECK: tg.fused_elementwise %arg0, %[[C]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @shaping_constant(%b: tensor<3xf32>) -> tensor<2x3xf32> {
  %c = tg.constant dense<2.0> : tensor<2x3xf32>
  %0 = tg.mul %b, %c : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_elementwise}}
  %1 = tg.exp %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Tests that an intermediate value also used outside the chain is not fused
// away: here neither op fuses, since each group would be a single op.
// CHECK-LABEL: func.func @intermediate_used_outside
// CHECK-NOT: tg.fused_elementwise
// CHECK: %[[E:.*]] = tg.exp %arg0
// CHECK: %[[T:.*]] = tg.tanh %[[E]]
// CHECK: return %[[E]], %[[T]]
func.func @intermediate_used_outside(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  // expected-remark@+1 {{not fused into tg.fused_elementwise: its result is also used outside the chain, by func.return}}
  %e = tg.exp %x : tensor<3xf32>
  %t = tg.tanh %e : tensor<3xf32>
  return %e, %t : tensor<3xf32>, tensor<3xf32>
}

// -----

// Tests that a single elementwise op is left alone.
// CHECK-LABEL: func.func @single_op
// CHECK-NOT: tg.fused_elementwise
// CHECK: tg.tanh
func.func @single_op(%x: tensor<3xf32>) -> tensor<3xf32> {
  %t = tg.tanh %x : tensor<3xf32>
  return %t : tensor<3xf32>
}

// -----

// Tests that a broadcast that grows a value mid-chain ends the chain there:
// the smaller part and the larger part fuse separately, and the smaller
// result enters the larger region as a broadcast operand.
// CHECK-LABEL: func.func @broadcast_mid_chain
// CHECK: %[[SMALL:.*]] = tg.fused_elementwise %arg1 : (tensor<3xf32>) -> tensor<3xf32> {
// CHECK: tg.exp
// CHECK: tg.tanh
// CHECK: %[[BIG:.*]] = tg.fused_elementwise %arg0, %[[SMALL]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
// CHECK: tg.add
// CHECK: tg.neg
// CHECK: return %[[BIG]]
func.func @broadcast_mid_chain(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = tg.exp %b : tensor<3xf32>
  // expected-remark@+2 {{fused 2 ops into tg.fused_elementwise: tg.tanh (}}
  // expected-remark@+1 {{not fused into tg.fused_elementwise: its result (tensor<3xf32>) is broadcast to the chain's shape (tensor<2x3xf32>)}}
  %1 = tg.tanh %0 : tensor<3xf32>
  %2 = tg.add %a, %1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_elementwise: tg.neg (}}
  %3 = tg.neg %2 : tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// -----

// Tests that ops that are not elementwise (a reduction, tg.stop_gradient)
// end a chain.
// CHECK-LABEL: func.func @non_elementwise_boundary
// CHECK: tg.fused_elementwise %arg0
// CHECK: tg.reduce_sum
// CHECK: tg.stop_gradient
// CHECK-NOT: tg.fused_elementwise
// CHECK: tg.exp
// CHECK: return
func.func @non_elementwise_boundary(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = tg.exp %x : tensor<2x3xf32>
  // expected-remark@+1 {{fused 2 ops into tg.fused_elementwise}}
  %1 = tg.neg %0 : tensor<2x3xf32>
  %2 = tg.reduce_sum %1 {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %3 = tg.stop_gradient %2 : tensor<2xf32>
  %4 = tg.exp %3 : tensor<2xf32>
  return %4 : tensor<2xf32>
}
