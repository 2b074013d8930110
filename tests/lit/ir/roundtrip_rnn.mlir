// RUN: tg-opt %s | FileCheck %s
// RUN: tg-opt %s > %t.1 && tg-opt %t.1 > %t.2 && diff %t.1 %t.2
// RUN: tg-opt %s --mlir-print-op-generic | tg-opt | FileCheck %s

// Tests that a one-layer LSTM without initial state prints only hidden_size
// (num_layers = 1 and bidirectional = false are defaults and elided).
// CHECK-LABEL: func.func @lstm_one_layer
func.func @lstm_one_layer(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b_ih: tensor<32xf32>, %b_hh: tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>) {
  // CHECK: %[[Y:.*]], %[[H:.*]], %[[C:.*]] = tg.lstm %arg0 weights(%arg1, %arg2, %arg3, %arg4) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  %y, %h_n, %c_n = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 8 : i64, num_layers = 1 : i64, bidirectional = false} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  // CHECK: return %[[Y]], %[[H]], %[[C]]
  return %y, %h_n, %c_n : tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>
}

// Tests that an LSTM with h0 and c0 prints both.
// CHECK-LABEL: func.func @lstm_initial_state
func.func @lstm_initial_state(%x: tensor<2x5x3xf64>, %w_ih: tensor<16x3xf64>, %w_hh: tensor<16x4xf64>, %b_ih: tensor<16xf64>, %b_hh: tensor<16xf64>, %h0: tensor<1x2x4xf64>, %c0: tensor<1x2x4xf64>) -> tensor<2x5x4xf64> {
  // CHECK: tg.lstm %arg0 weights(%arg1, %arg2, %arg3, %arg4) h0(%arg5) c0(%arg6) {hidden_size = 4 : i64} : (tensor<2x5x3xf64>, tensor<16x3xf64>, tensor<16x4xf64>, tensor<16xf64>, tensor<16xf64>, tensor<1x2x4xf64>, tensor<1x2x4xf64>) -> (tensor<2x5x4xf64>, tensor<1x2x4xf64>, tensor<1x2x4xf64>)
  %y, %h_n, %c_n = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) h0(%h0) c0(%c0) {hidden_size = 4 : i64} : (tensor<2x5x3xf64>, tensor<16x3xf64>, tensor<16x4xf64>, tensor<16xf64>, tensor<16xf64>, tensor<1x2x4xf64>, tensor<1x2x4xf64>) -> (tensor<2x5x4xf64>, tensor<1x2x4xf64>, tensor<1x2x4xf64>)
  return %y : tensor<2x5x4xf64>
}

// Tests that a two-layer bidirectional LSTM keeps all 16 weights in order
// and prints num_layers and bidirectional.
// CHECK-LABEL: func.func @lstm_two_layers_bidirectional
func.func @lstm_two_layers_bidirectional(%x: tensor<2x5x3xf32>,
    %a0: tensor<8x3xf32>, %a1: tensor<8x2xf32>, %a2: tensor<8xf32>, %a3: tensor<8xf32>,
    %b0: tensor<8x3xf32>, %b1: tensor<8x2xf32>, %b2: tensor<8xf32>, %b3: tensor<8xf32>,
    %c0: tensor<8x4xf32>, %c1: tensor<8x2xf32>, %c2: tensor<8xf32>, %c3: tensor<8xf32>,
    %d0: tensor<8x4xf32>, %d1: tensor<8x2xf32>, %d2: tensor<8xf32>, %d3: tensor<8xf32>) -> tensor<2x5x4xf32> {
  // CHECK: tg.lstm %arg0 weights(%arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7, %arg8, %arg9, %arg10, %arg11, %arg12, %arg13, %arg14, %arg15, %arg16) {bidirectional = true, hidden_size = 2 : i64, num_layers = 2 : i64} : (tensor<2x5x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x4xf32>, tensor<4x2x2xf32>, tensor<4x2x2xf32>)
  %y, %h_n, %c_n = tg.lstm %x weights(%a0, %a1, %a2, %a3, %b0, %b1, %b2, %b3, %c0, %c1, %c2, %c3, %d0, %d1, %d2, %d3) {hidden_size = 2 : i64, num_layers = 2 : i64, bidirectional = true} : (tensor<2x5x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x4xf32>, tensor<4x2x2xf32>, tensor<4x2x2xf32>)
  return %y : tensor<2x5x4xf32>
}

// Tests that a GRU without initial state has two results.
// CHECK-LABEL: func.func @gru_one_layer
func.func @gru_one_layer(%x: tensor<2x5x3xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b_ih: tensor<24xf32>, %b_hh: tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>) {
  // CHECK: %[[Y:.*]], %[[H:.*]] = tg.gru %arg0 weights(%arg1, %arg2, %arg3, %arg4) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  %y, %h_n = tg.gru %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  // CHECK: return %[[Y]], %[[H]]
  return %y, %h_n : tensor<2x5x8xf32>, tensor<1x2x8xf32>
}

// Tests that a bidirectional GRU with h0 prints h0 and bidirectional.
// CHECK-LABEL: func.func @gru_bidirectional_initial_state
func.func @gru_bidirectional_initial_state(%x: tensor<1x4x2xf32>,
    %a0: tensor<6x2xf32>, %a1: tensor<6x2xf32>, %a2: tensor<6xf32>, %a3: tensor<6xf32>,
    %b0: tensor<6x2xf32>, %b1: tensor<6x2xf32>, %b2: tensor<6xf32>, %b3: tensor<6xf32>,
    %h0: tensor<2x1x2xf32>) -> tensor<2x1x2xf32> {
  // CHECK: tg.gru %arg0 weights(%arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7, %arg8) h0(%arg9) {bidirectional = true, hidden_size = 2 : i64} : (tensor<1x4x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x1x2xf32>) -> (tensor<1x4x4xf32>, tensor<2x1x2xf32>)
  %y, %h_n = tg.gru %x weights(%a0, %a1, %a2, %a3, %b0, %b1, %b2, %b3) h0(%h0) {hidden_size = 2 : i64, bidirectional = true} : (tensor<1x4x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2x1x2xf32>) -> (tensor<1x4x4xf32>, tensor<2x1x2xf32>)
  return %h_n : tensor<2x1x2xf32>
}
