// RUN: tg-opt %s --split-input-file --tg-decompose-rnn | FileCheck %s

// Tests that a one-layer LSTM without initial state becomes one input
// projection and, per time step, the recurrent projection and the i, f, g, o
// gate math, with zero initial h and c and the steps joined along time.
// CHECK-LABEL: func.func @lstm_one_layer
// CHECK-NOT: tg.lstm
// CHECK: %[[XW:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<1x2x3xf32>, tensor<8x3xf32>) -> tensor<1x2x8xf32>
// CHECK: %[[GI_ALL:.*]] = tg.add %[[XW]], %arg3 : (tensor<1x2x8xf32>, tensor<8xf32>) -> tensor<1x2x8xf32>
// CHECK: %[[ZERO:.*]] = tg.constant dense<0.000000e+00> : tensor<1x2xf32>
// Step t = 0.
// CHECK: %[[S0:.*]] = tg.slice %[[GI_ALL]] {limit = array<i64: 1, 1, 8>, start = array<i64: 0, 0, 0>}
// CHECK: %[[GI0:.*]] = tg.reshape %[[S0]] : (tensor<1x1x8xf32>) -> tensor<1x8xf32>
// CHECK: %[[HW0:.*]] = tg.matmul %[[ZERO]], %arg2 {transpose_b = true} : (tensor<1x2xf32>, tensor<8x2xf32>) -> tensor<1x8xf32>
// CHECK: %[[GH0:.*]] = tg.add %[[HW0]], %arg4
// CHECK: %[[G0:.*]] = tg.add %[[GI0]], %[[GH0]]
// CHECK: %[[IS:.*]] = tg.slice %[[G0]] {limit = array<i64: 1, 2>, start = array<i64: 0, 0>}
// CHECK: %[[I:.*]] = tg.sigmoid %[[IS]]
// CHECK: %[[FS:.*]] = tg.slice %[[G0]] {limit = array<i64: 1, 4>, start = array<i64: 0, 2>}
// CHECK: %[[F:.*]] = tg.sigmoid %[[FS]]
// CHECK: %[[GS:.*]] = tg.slice %[[G0]] {limit = array<i64: 1, 6>, start = array<i64: 0, 4>}
// CHECK: %[[G:.*]] = tg.tanh %[[GS]]
// CHECK: %[[OS:.*]] = tg.slice %[[G0]] {limit = array<i64: 1, 8>, start = array<i64: 0, 6>}
// CHECK: %[[O:.*]] = tg.sigmoid %[[OS]]
// CHECK: %[[FC:.*]] = tg.mul %[[F]], %[[ZERO]]
// CHECK: %[[IG:.*]] = tg.mul %[[I]], %[[G]]
// CHECK: %[[C1:.*]] = tg.add %[[FC]], %[[IG]]
// CHECK: %[[TC1:.*]] = tg.tanh %[[C1]]
// CHECK: %[[H1:.*]] = tg.mul %[[O]], %[[TC1]]
// CHECK: %[[Y0:.*]] = tg.reshape %[[H1]] : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// Step t = 1 reads the state step 0 left.
// CHECK: %[[S1:.*]] = tg.slice %[[GI_ALL]] {limit = array<i64: 1, 2, 8>, start = array<i64: 0, 1, 0>}
// CHECK: tg.matmul %[[H1]], %arg2 {transpose_b = true}
// CHECK: tg.mul %{{.*}}, %[[C1]]
// CHECK: %[[C2:.*]] = tg.add
// CHECK: %[[H2:.*]] = tg.mul
// CHECK: %[[Y1:.*]] = tg.reshape %[[H2]] : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: %[[Y:.*]] = tg.concat %[[Y0]], %[[Y1]] {axis = 1 : i64} : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<1x2x2xf32>
// CHECK: %[[HN:.*]] = tg.reshape %[[H2]] : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: %[[CN:.*]] = tg.reshape %[[C2]] : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: return %[[Y]], %[[HN]], %[[CN]]
func.func @lstm_one_layer(%x: tensor<1x2x3xf32>, %w_ih: tensor<8x3xf32>, %w_hh: tensor<8x2xf32>, %b_ih: tensor<8xf32>, %b_hh: tensor<8xf32>) -> (tensor<1x2x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>) {
  %y, %h_n, %c_n = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 2 : i64} : (tensor<1x2x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x2x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return %y, %h_n, %c_n : tensor<1x2x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>
}

// -----

// Tests that a bidirectional GRU with h0 starts each direction from its own
// slice of h0, runs the reverse direction from the last step to the first,
// puts each reverse output at its own time position, and joins directions
// along features and final states along the first axis.
// CHECK-LABEL: func.func @gru_bidirectional
// CHECK-NOT: tg.gru
// CHECK: %[[ONE:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// Forward direction: weights 0..3, h0[0], steps t = 0 then t = 1.
// CHECK: %[[XWF:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true}
// CHECK: %[[GIF:.*]] = tg.add %[[XWF]], %arg3
// CHECK: %[[H0F:.*]] = tg.slice %arg9 {limit = array<i64: 1, 1, 2>, start = array<i64: 0, 0, 0>}
// CHECK: tg.slice %[[GIF]] {limit = array<i64: 1, 1, 6>, start = array<i64: 0, 0, 0>}
// CHECK: tg.matmul %{{.*}}, %arg2 {transpose_b = true}
// CHECK: %[[R:.*]] = tg.sigmoid
// CHECK: %[[Z:.*]] = tg.sigmoid
// CHECK: %[[RH:.*]] = tg.mul %[[R]],
// CHECK: %[[N:.*]] = tg.tanh
// CHECK: %[[OMZ:.*]] = tg.sub %[[ONE]], %[[Z]] : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// CHECK: tg.mul %[[OMZ]], %[[N]]
// CHECK: %[[YF0:.*]] = tg.reshape
// CHECK: tg.slice %[[GIF]] {limit = array<i64: 1, 2, 6>, start = array<i64: 0, 1, 0>}
// CHECK: %[[YF1:.*]] = tg.reshape %{{.*}} : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: %[[YF:.*]] = tg.concat %[[YF0]], %[[YF1]] {axis = 1 : i64}
// CHECK: %[[HNF:.*]] = tg.reshape
// Reverse direction: weights 4..7, h0[1], steps t = 1 then t = 0.
// CHECK: %[[XWB:.*]] = tg.matmul %arg0, %arg5 {transpose_b = true}
// CHECK: %[[GIB:.*]] = tg.add %[[XWB]], %arg7
// CHECK: tg.slice %arg9 {limit = array<i64: 2, 1, 2>, start = array<i64: 1, 0, 0>}
// CHECK: tg.slice %[[GIB]] {limit = array<i64: 1, 2, 6>, start = array<i64: 0, 1, 0>}
// CHECK: tg.matmul %{{.*}}, %arg6 {transpose_b = true}
// CHECK: %[[YB1:.*]] = tg.reshape %{{.*}} : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: tg.slice %[[GIB]] {limit = array<i64: 1, 1, 6>, start = array<i64: 0, 0, 0>}
// CHECK: %[[YB0:.*]] = tg.reshape %{{.*}} : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK: %[[YB:.*]] = tg.concat %[[YB0]], %[[YB1]] {axis = 1 : i64}
// CHECK: %[[HNB:.*]] = tg.reshape
// CHECK: %[[Y:.*]] = tg.concat %[[YF]], %[[YB]] {axis = 2 : i64} : (tensor<1x2x2xf32>, tensor<1x2x2xf32>) -> tensor<1x2x4xf32>
// CHECK: %[[HN:.*]] = tg.concat %[[HNF]], %[[HNB]] {axis = 0 : i64} : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<2x1x2xf32>
// CHECK: return %[[Y]], %[[HN]]
func.func @gru_bidirectional(%x: tensor<1x2x3xf32>,
    %a0: tensor<6x3xf32>, %a1: tensor<6x2xf32>, %a2: tensor<6xf32>, %a3: tensor<6xf32>,
    %b0: tensor<6x3xf32>, %b1: tensor<6x2xf32>, %b2: tensor<6xf32>, %b3: tensor<6xf32>,
    %h0: tensor<2x1x2xf32>) -> (tensor<1x2x4xf32>, tensor<2x1x2xf32>) {
  %y, %h_n = tg.gru %x weights(%a0, %a1, %a2, %a3, %b0, %b1, %b2, %b3) h0(%h0) {hidden_size = 2 : i64, bidirectional = true} : (tensor<1x2x3xf32>, tensor<6x3xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6x3xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x1x2xf32>) -> (tensor<1x2x4xf32>, tensor<2x1x2xf32>)
  return %y, %h_n : tensor<1x2x4xf32>, tensor<2x1x2xf32>
}

// -----

// Tests that the second layer of a stacked LSTM projects the first layer's
// output (not the op's input), and that a one-step sequence needs no concat
// along time.
// CHECK-LABEL: func.func @lstm_two_layers
// CHECK-NOT: tg.lstm
// CHECK: tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<2x1x3xf32>, tensor<4x3xf32>) -> tensor<2x1x4xf32>
// CHECK: %[[Y0:.*]] = tg.reshape %{{.*}} : (tensor<2x1xf32>) -> tensor<2x1x1xf32>
// CHECK-NOT: tg.concat
// CHECK: tg.matmul %[[Y0]], %arg5 {transpose_b = true} : (tensor<2x1x1xf32>, tensor<4x1xf32>) -> tensor<2x1x4xf32>
// CHECK: tg.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x2x1xf32>, tensor<1x2x1xf32>) -> tensor<2x2x1xf32>
// CHECK: tg.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x2x1xf32>, tensor<1x2x1xf32>) -> tensor<2x2x1xf32>
func.func @lstm_two_layers(%x: tensor<2x1x3xf32>,
    %a0: tensor<4x3xf32>, %a1: tensor<4x1xf32>, %a2: tensor<4xf32>, %a3: tensor<4xf32>,
    %b0: tensor<4x1xf32>, %b1: tensor<4x1xf32>, %b2: tensor<4xf32>, %b3: tensor<4xf32>) -> (tensor<2x1x1xf32>, tensor<2x2x1xf32>, tensor<2x2x1xf32>) {
  %y, %h_n, %c_n = tg.lstm %x weights(%a0, %a1, %a2, %a3, %b0, %b1, %b2, %b3) {hidden_size = 1 : i64, num_layers = 2 : i64} : (tensor<2x1x3xf32>, tensor<4x3xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x1xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x1x1xf32>, tensor<2x2x1xf32>, tensor<2x2x1xf32>)
  return %y, %h_n, %c_n : tensor<2x1x1xf32>, tensor<2x2x1xf32>, tensor<2x2x1xf32>
}

// -----

// Tests that a function without recurrent ops is left unchanged.
// CHECK-LABEL: func.func @no_rnn
// CHECK-NEXT: %[[M:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[S:.*]] = tg.sigmoid %[[M]] : tensor<2x4xf32>
// CHECK-NEXT: return %[[S]] : tensor<2x4xf32>
// CHECK-NEXT: }
func.func @no_rnn(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %0 = tg.matmul %x, %w {transpose_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %1 = tg.sigmoid %0 : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
