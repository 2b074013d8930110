//===- Passes.td - tg passes ---------------------------------*- tablegen -*-===//
//
// Every tg pass: its command-line name, summary, a description with the IR
// before and after, and the dialects it creates ops of. Each is implemented
// in passes/<Name>.cpp and tested by tests/lit/passes/<name>.mlir.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_PASSES_TD
#define TGC_PASSES_TD

include "mlir/Pass/PassBase.td"

def DecomposeRnnPass : Pass<"tg-decompose-rnn", "::mlir::func::FuncOp"> {
  let summary = "Expands tg.lstm and tg.gru into per-time-step tg ops";
  let description = [{
    Replaces every tg.lstm and tg.gru with the ops that compute it step by
    step, following the equations in the ops' descriptions, so that a
    backend without a recurrent kernel can run them. Per layer and
    direction:

    - the input projection of all steps at once,
      `x · W_ihᵀ + b_ih` (tg.matmul with transpose_b, tg.add) [B, T, G*H];
    - per time step (reverse directions walk t = T-1 .. 0): the step's slice
      of that projection (tg.slice, tg.reshape to [B, G*H]), the recurrent
      projection `h · W_hhᵀ + b_hh`, the gates as tg.slice of G*H columns,
      tg.sigmoid / tg.tanh / tg.mul / tg.add (and tg.sub for GRU's 1 - z);
    - the step outputs joined along time with tg.concat at their own time
      positions, directions joined along the last axis, final states along
      the first.

    An absent h0 / c0 becomes a zero tg.constant. The result computes the
    same values as the op (in exact arithmetic; the reference backend
    agrees to float64 rounding). The expansion grows with num_layers x
    directions x seq_len, so it suits short, static sequences.

    Before:
    ```mlir
    %y, %h_n = tg.gru %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 4 : i64} : (tensor<2x3x5xf32>, tensor<12x5xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<2x3x4xf32>, tensor<1x2x4xf32>)
    ```

    After (the first of three steps shown):
    ```mlir
    %one = tg.constant dense<1.000000e+00> : tensor<f32>
    %xw = tg.matmul %x, %w_ih {transpose_b = true} : (tensor<2x3x5xf32>, tensor<12x5xf32>) -> tensor<2x3x12xf32>
    %gi_all = tg.add %xw, %b_ih : (tensor<2x3x12xf32>, tensor<12xf32>) -> tensor<2x3x12xf32>
    %h_init = tg.constant dense<0.000000e+00> : tensor<2x4xf32>
    %s0 = tg.slice %gi_all {limit = array<i64: 2, 1, 12>, start = array<i64: 0, 0, 0>} : (tensor<2x3x12xf32>) -> tensor<2x1x12xf32>
    %gi = tg.reshape %s0 : (tensor<2x1x12xf32>) -> tensor<2x12xf32>
    %hw = tg.matmul %h_init, %w_hh {transpose_b = true} : (tensor<2x4xf32>, tensor<12x4xf32>) -> tensor<2x12xf32>
    %gh = tg.add %hw, %b_hh : (tensor<2x12xf32>, tensor<12xf32>) -> tensor<2x12xf32>
    // r, z, n from tg.slice of gi and gh: sigmoid, sigmoid, tanh
    ...
    %h1 = tg.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    ...
    %y = tg.concat %y0, %y1, %y2 {axis = 1 : i64} : (tensor<2x1x4xf32>, tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
    %h_n = tg.reshape %h3 : (tensor<2x4xf32>) -> tensor<1x2x4xf32>
    ```
  }];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

#endif // TGC_PASSES_TD
