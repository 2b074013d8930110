// RUN: tg-opt %s --split-input-file --tg-optimize | FileCheck %s
// RUN: tg-opt %s --split-input-file --tg-optimize=fusion-report=true -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT

// Tests that a hand-written post-norm encoder layer (projections with bias,
// causal attention spelled with iota/compare/select, residual add +
// layer_norm, a relu feed-forward) ends as tg.attention, tg.add_layer_norm
// and tg.fused_matmul ops only, and that the cleanup after fusion removes
// the iotas, the comparison and the constants fusion left dead.
// CHECK-LABEL: func.func @encoder_layer
// CHECK-NOT: tg.iota
// CHECK-NOT: tg.compare
// CHECK-NOT: tg.constant
// CHECK: %[[Q:.*]] = tg.fused_matmul %arg0, %arg1 bias %arg2 activation(none) {transpose_b = true}
// CHECK: %[[K:.*]] = tg.fused_matmul %arg0, %arg3 bias %arg4 activation(none) {transpose_b = true}
// CHECK: %[[V:.*]] = tg.fused_matmul %arg0, %arg5 bias %arg6 activation(none) {transpose_b = true}
// CHECK: %[[A:.*]] = tg.attention %[[Q]], %[[K]], %[[V]] {causal = true, scale = 2.500000e-01 : f64} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
// CHECK: %[[O:.*]] = tg.fused_matmul %[[A]], %arg7 bias %arg8 activation(none) {transpose_b = true}
// CHECK: %[[N1:.*]], %{{.*}} = tg.add_layer_norm %arg0, %[[O]] scale %arg9 bias %arg10
// CHECK: %[[H:.*]] = tg.fused_matmul %[[N1]], %arg11 bias %arg12 activation(relu) {transpose_b = true}
// CHECK: %[[F:.*]] = tg.fused_matmul %[[H]], %arg13 bias %arg14 activation(none) {transpose_b = true}
// CHECK: %[[N2:.*]], %{{.*}} = tg.add_layer_norm %[[N1]], %[[F]] scale %arg15 bias %arg16
// CHECK: return %[[N2]]
// CHECK-NOT: tg.iota
// CHECK-NOT: tg.softmax
// CHECK-NOT: tg.matmul
// CHECK-NOT: tg.layer_norm
// CHECK-NOT: tg.relu
// REPORT-DAG: remark: fused 5 ops into tg.attention: tg.matmul ({{.*}}tg_optimize.mlir{{.*}}), tg.softmax (
// REPORT-DAG: remark: fused 2 ops into tg.add_layer_norm: tg.layer_norm (
// REPORT-DAG: remark: fused 2 ops into tg.fused_matmul: tg.relu (
func.func @encoder_layer(%x: tensor<2x4x16xf32>,
                         %wq: tensor<16x16xf32>, %bq: tensor<16xf32>,
                         %wk: tensor<16x16xf32>, %bk: tensor<16xf32>,
                         %wv: tensor<16x16xf32>, %bv: tensor<16xf32>,
                         %wo: tensor<16x16xf32>, %bo: tensor<16xf32>,
                         %g1: tensor<16xf32>, %b1: tensor<16xf32>,
                         %w1: tensor<32x16xf32>, %c1: tensor<32xf32>,
                         %w2: tensor<16x32xf32>, %c2: tensor<16xf32>,
                         %g2: tensor<16xf32>, %b2: tensor<16xf32>) -> tensor<2x4x16xf32> {
  %qm = tg.matmul %x, %wq {transpose_b = true} : (tensor<2x4x16xf32>, tensor<16x16xf32>) -> tensor<2x4x16xf32>
  %q = tg.add %qm, %bq : (tensor<2x4x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %km = tg.matmul %x, %wk {transpose_b = true} : (tensor<2x4x16xf32>, tensor<16x16xf32>) -> tensor<2x4x16xf32>
  %k = tg.add %km, %bk : (tensor<2x4x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %vm = tg.matmul %x, %wv {transpose_b = true} : (tensor<2x4x16xf32>, tensor<16x16xf32>) -> tensor<2x4x16xf32>
  %v = tg.add %vm, %bv : (tensor<2x4x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x4xf32>
  %sc = tg.constant dense<4.000000e+00> : tensor<f32>
  %t = tg.div %s, %sc : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<4x4xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<4x4xi64>
  %keep = tg.compare le, %col, %row : (tensor<4x4xi64>, tensor<4x4xi64>) -> tensor<4x4xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %keep, %t, %ninf : (tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %p = tg.softmax %m : tensor<2x4x4xf32>
  %a = tg.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  %om = tg.matmul %a, %wo {transpose_b = true} : (tensor<2x4x16xf32>, tensor<16x16xf32>) -> tensor<2x4x16xf32>
  %o = tg.add %om, %bo : (tensor<2x4x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %r1 = tg.add %x, %o : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  %n1 = tg.layer_norm %r1 scale %g1 bias %b1 : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %hm = tg.matmul %n1, %w1 {transpose_b = true} : (tensor<2x4x16xf32>, tensor<32x16xf32>) -> tensor<2x4x32xf32>
  %hb = tg.add %hm, %c1 : (tensor<2x4x32xf32>, tensor<32xf32>) -> tensor<2x4x32xf32>
  %h = tg.relu %hb : tensor<2x4x32xf32>
  %fm = tg.matmul %h, %w2 {transpose_b = true} : (tensor<2x4x32xf32>, tensor<16x32xf32>) -> tensor<2x4x16xf32>
  %f = tg.add %fm, %c2 : (tensor<2x4x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %r2 = tg.add %n1, %f : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  %n2 = tg.layer_norm %r2 scale %g2 bias %b2 : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  return %n2 : tensor<2x4x16xf32>
}

// -----

// Tests the order of the fusion phase: an attention with an additive mask
// (tg.add right after the Q·Kᵀ matmul) becomes tg.attention with that mask,
// not a tg.fused_matmul that took the matmul and the mask as its bias.
// CHECK-LABEL: func.func @masked_attention_before_epilogue
// CHECK-NOT: tg.fused_matmul
// CHECK: %[[O:.*]] = tg.attention %arg0, %arg1, %arg2 mask %arg3 {scale = 1.000000e+00 : f64}
// CHECK-NOT: tg.fused_matmul
// CHECK: return %[[O]]
// REPORT: remark: fused 4 ops into tg.attention
func.func @masked_attention_before_epilogue(%q: tensor<2x4x16xf32>, %k: tensor<2x4x16xf32>, %v: tensor<2x4x16xf32>, %mask: tensor<2x1x4xf32>) -> tensor<2x4x16xf32> {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x4xf32>
  %a = tg.add %s, %mask : (tensor<2x4x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  %p = tg.softmax %a : tensor<2x4x4xf32>
  %o = tg.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  return %o : tensor<2x4x16xf32>
}

// -----

// Tests that a near miss (softmax over axis 0) keeps its ops through the
// whole pipeline, and that the cleanup phase merges the two identical Q·Kᵀ
// matmuls before fusion, so the scores then have two users and neither
// block fuses.
// CHECK-LABEL: func.func @cse_before_fusion
// CHECK-NOT: tg.attention
// CHECK: %[[S:.*]] = tg.matmul %arg0, %arg1 {transpose_b = true}
// CHECK-NOT: tg.matmul %arg0, %arg1
// CHECK: tg.softmax %[[S]] :
// CHECK: tg.softmax %[[S]] {axis = 0 : i64}
// CHECK-NOT: tg.attention
// REPORT: remark: not fused into tg.attention: intermediate scores (tg.matmul) are also used elsewhere
// REPORT: remark: not fused into tg.attention: softmax is over axis 0, not the last (key) axis
func.func @cse_before_fusion(%q: tensor<4x16xf32>, %k: tensor<4x16xf32>, %v: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x4xf32>
  %p = tg.softmax %s : tensor<4x4xf32>
  %o = tg.matmul %p, %v : (tensor<4x4xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %s2 = tg.matmul %q, %k {transpose_b = true} : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x4xf32>
  %p2 = tg.softmax %s2 {axis = 0 : i64} : tensor<4x4xf32>
  %o2 = tg.matmul %p2, %v : (tensor<4x4xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %o, %o2 : tensor<4x16xf32>, tensor<4x16xf32>
}
