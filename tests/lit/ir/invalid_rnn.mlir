// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that lstm_c1 rejects an input that is not rank 3.
func.func @lstm_c1_rank(%x: tensor<5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op input 'tensor<5x3xf32>' must have shape [batch, seq_len, input_size] with seq_len >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c1 rejects an empty sequence.
func.func @lstm_c1_seq(%x: tensor<2x0x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op input 'tensor<2x0x3xf32>' must have shape [batch, seq_len, input_size] with seq_len >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x0x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x0x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c1 rejects hidden_size 0.
func.func @lstm_c1_hidden(%x: tensor<2x5x3xf32>, %w_ih: tensor<0x3xf32>, %w_hh: tensor<0x0xf32>, %b: tensor<0xf32>) {
  // expected-error@+2 {{'tg.lstm' op hidden_size must be >= 1, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 0 : i64} : (tensor<2x5x3xf32>, tensor<0x3xf32>, tensor<0x0xf32>, tensor<0xf32>, tensor<0xf32>) -> (tensor<2x5x0xf32>, tensor<1x2x0xf32>, tensor<1x2x0xf32>)
  return
}

// -----

// Tests that lstm_c1 rejects num_layers 0.
func.func @lstm_c1_layers(%x: tensor<2x5x3xf32>) {
  // expected-error@+2 {{'tg.lstm' op num_layers must be >= 1, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights() {hidden_size = 8 : i64, num_layers = 0 : i64} : (tensor<2x5x3xf32>) -> (tensor<2x5x8xf32>, tensor<0x2x8xf32>, tensor<0x2x8xf32>)
  return
}

// -----

// Tests that lstm_c2 rejects a missing bias (3 weights for one layer).
func.func @lstm_c2(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op needs 4 weights (weight_ih, weight_hh, bias_ih, bias_hh for 1 layer(s) x 1 direction(s)), got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c2 counts both directions: a bidirectional layer needs 8.
func.func @lstm_c2_bidirectional(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op needs 8 weights (weight_ih, weight_hh, bias_ih, bias_hh for 1 layer(s) x 2 direction(s)), got 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64, bidirectional = true} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x16xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return
}

// -----

// Tests that lstm_c3 rejects a weight_ih whose columns are not input_size.
func.func @lstm_c3_weight_ih(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x4xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op weight 0 (weight_ih_l0) has type 'tensor<32x4xf32>' but needs 'tensor<32x3xf32>' (hidden_size 8, layer input size 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c3 rejects a weight_hh with 3H rows (GRU's layout).
func.func @lstm_c3_weight_hh(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op weight 1 (weight_hh_l0) has type 'tensor<24x8xf32>' but needs 'tensor<32x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<24x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c3 needs D*H input columns in layers above the first,
// and names the reverse direction's parameter.
func.func @lstm_c3_upper_layer(%x: tensor<2x5x3xf32>,
    %a0: tensor<8x3xf32>, %a1: tensor<8x2xf32>, %b: tensor<8xf32>,
    %c0: tensor<8x4xf32>, %d0: tensor<8x2xf32>) {
  // expected-error@+2 {{'tg.lstm' op weight 12 (weight_ih_l1_reverse) has type 'tensor<8x2xf32>' but needs 'tensor<8x4xf32>' (hidden_size 2, layer input size 4)}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%a0, %a1, %b, %b, %a0, %a1, %b, %b, %c0, %a1, %b, %b, %d0, %a1, %b, %b) {hidden_size = 2 : i64, num_layers = 2 : i64, bidirectional = true} : (tensor<2x5x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x4xf32>, tensor<4x2x2xf32>, tensor<4x2x2xf32>)
  return
}

// -----

// Tests that lstm_c3 rejects a bias of the wrong length.
func.func @lstm_c3_bias(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>, %bad: tensor<8xf32>) {
  // expected-error@+2 {{'tg.lstm' op weight 3 (bias_hh_l0) has type 'tensor<8xf32>' but needs 'tensor<32xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %bad) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<8xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c4 rejects an h0 without the batch dimension.
func.func @lstm_c4_shape(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>, %h0: tensor<1x8xf32>, %c0: tensor<1x2x8xf32>) {
  // expected-error@+2 {{'tg.lstm' op h0 has type 'tensor<1x8xf32>' but needs 'tensor<1x2x8xf32>' ([num_layers * directions, batch, hidden_size])}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) h0(%h0) c0(%c0) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<1x8xf32>, tensor<1x2x8xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c4 rejects h0 without c0.
func.func @lstm_c4_pair(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>, %h0: tensor<1x2x8xf32>) {
  // expected-error@+2 {{'tg.lstm' op needs h0 and c0 together (both or neither), got only h0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) h0(%h0) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<1x2x8xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c5 rejects a weight of another element type.
func.func @lstm_c5_element(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf64>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op weight 0 (weight_ih_l0) has type 'tensor<32x3xf64>' but needs 'tensor<32x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf64>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that lstm_c5 rejects a result type other than the inferred one.
func.func @lstm_c5_result(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.lstm' op inferred type(s) 'tensor<2x5x8xf32>', 'tensor<1x2x8xf32>', 'tensor<1x2x8xf32>' are incompatible with return type(s) of operation 'tensor<2x5x8xf32>', 'tensor<2x8xf32>', 'tensor<1x2x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h, %c = tg.lstm %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that tg.lstm is float-only.
func.func @lstm_int(%x: tensor<2x5x3xi32>) {
  // expected-error@+1 {{'tg.lstm' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x5x3xi32>'}}
  %y, %h, %c = tg.lstm %x weights() {hidden_size = 8 : i64} : (tensor<2x5x3xi32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that gru_c1 rejects an input that is not rank 3.
func.func @gru_c1(%x: tensor<2x5x3x1xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error@+2 {{'tg.gru' op input 'tensor<2x5x3x1xf32>' must have shape [batch, seq_len, input_size] with seq_len >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3x1xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that gru_c2 rejects a list with an extra weight.
func.func @gru_c2(%x: tensor<2x5x3xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error@+2 {{'tg.gru' op needs 4 weights (weight_ih, weight_hh, bias_ih, bias_hh for 1 layer(s) x 1 direction(s)), got 5}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that gru_c3 rejects LSTM-sized (4H) weights.
func.func @gru_c3(%x: tensor<2x5x3xf32>, %w_ih: tensor<32x3xf32>, %w_hh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error@+2 {{'tg.gru' op weight 0 (weight_ih_l0) has type 'tensor<32x3xf32>' but needs 'tensor<24x3xf32>' (hidden_size 8, layer input size 3)}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that gru_c4 rejects an h0 sized for one direction when bidirectional.
func.func @gru_c4(%x: tensor<2x5x3xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<24xf32>, %h0: tensor<1x2x8xf32>) {
  // expected-error@+2 {{'tg.gru' op h0 has type 'tensor<1x2x8xf32>' but needs 'tensor<2x2x8xf32>' ([num_layers * directions, batch, hidden_size])}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b, %w_ih, %w_hh, %b, %b) h0(%h0) {hidden_size = 8 : i64, bidirectional = true} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<1x2x8xf32>) -> (tensor<2x5x16xf32>, tensor<2x2x8xf32>)
  return
}

// -----

// Tests that gru_c5 rejects an h0 of another element type.
func.func @gru_c5(%x: tensor<2x5x3xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<24xf32>, %h0: tensor<1x2x8xf16>) {
  // expected-error@+2 {{'tg.gru' op h0 has type 'tensor<1x2x8xf16>' but needs 'tensor<1x2x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b) h0(%h0) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<1x2x8xf16>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Tests that tg.gru has no c0 operand.
func.func @gru_no_c0(%x: tensor<2x5x3xf32>, %w_ih: tensor<24x3xf32>, %w_hh: tensor<24x8xf32>, %b: tensor<24xf32>, %h0: tensor<1x2x8xf32>) {
  // expected-error@+1 {{expected ':'}}
  %y, %h = tg.gru %x weights(%w_ih, %w_hh, %b, %b) h0(%h0) c0(%h0) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
  return
}
