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

    From C++, `createDecomposeRnnPass(shouldDecompose)` expands only the ops
    the predicate selects: a backend with recurrent kernels of its own (the
    onednn backend's oneDNN RNN primitives) keeps the ops it can run.

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

def FuseAttentionPass : Pass<"tg-fuse-attention", "::mlir::func::FuncOp"> {
  let summary = "Fuses scaled dot-product attention into tg.attention";
  let description = [{
    Recognizes softmax(scale · Q·Kᵀ + mask) · V in its common spellings and
    replaces it with one tg.attention op, batch and head dimensions kept:
    - Kᵀ as a matmul transpose flag or an explicit tg.transpose of the last
      two dimensions;
    - the scale as tg.mul or tg.div by a splat constant, on the scores or
      on Q before the matmul;
    - an additive float mask (tg.add), a boolean mask through
      tg.select(c, scores, -inf) or tg.select(c, -inf, scores), and the
      causal mask built from iota/compare or given as a constant of 0 and
      -inf (both become `causal = true`);
    - softmax over the last axis.
    It does not fire when the meaning would change: softmax over another
    axis, a mask or scale whose broadcast grows the scores, scores or
    probabilities used elsewhere (returned attention weights), or Q, K and
    V whose batch dimensions differ. With `report`, each fusion and each
    candidate that did not fuse gets a remark saying why.

    Before:
    ```mlir
    %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x8xf32>
    %c = tg.constant dense<2.500000e-01> : tensor<f32>
    %t = tg.mul %s, %c : (tensor<2x4x8x8xf32>, tensor<f32>) -> tensor<2x4x8x8xf32>
    %p = tg.softmax %t : tensor<2x4x8x8xf32>
    %o = tg.matmul %p, %v : (tensor<2x4x8x8xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
    ```
    After:
    ```mlir
    %o = tg.attention %q, %k, %v {scale = 2.500000e-01 : f64} : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
    ```
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fusion and each near miss">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def FuseAddLayerNormPass : Pass<"tg-fuse-add-layernorm", "::mlir::func::FuncOp"> {
  let summary = "Fuses a residual add and the layer_norm after it";
  let description = [{
    `tg.layer_norm(tg.add(x, r))` becomes `tg.add_layer_norm x, r`, whose
    second result is the sum: other users of the add (pre-norm stacks) read
    it. An add that broadcasts is left alone.

    Before:
    ```mlir
    %s = tg.add %x, %r : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
    %y = tg.layer_norm %s scale %g bias %b : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
    ```
    After:
    ```mlir
    %y, %sum = tg.add_layer_norm %x, %r scale %g bias %b : (tensor<2x8x16xf32>, tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x8x16xf32>, tensor<2x8x16xf32>)
    ```
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fusion and each near miss">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def FuseNearestCodewordPass : Pass<"tg-fuse-nearest-codeword", "::mlir::func::FuncOp"> {
  let summary = "Fuses the nearest-codeword search of vector quantization";
  let description = [{
    `argmin(distances, axis = 1)` of the squared Euclidean distances between
    the rows of z [N, D] and of a codebook e [K, D], spelled
    `(||z||² − 2·z·eᵀ) + ||e||²` (reduce_sum of squares with keepdims,
    tg.mul by a splat 2 of a matmul with transpose_b, sub, add), becomes one
    tg.nearest_codeword, which a backend runs without building the [N, K]
    distance matrix. `argmax(neg(distances), axis = 1)` (the inference of a
    Gumbel-softmax quantizer, logits = −distances) is the same index and
    fuses too. The distances (and the negation) must have no other user:
    where a softmax also reads them (Gumbel-softmax training) nothing
    fuses. Run before tg-fuse-matmul-epilogue and tg-fuse-elementwise,
    which would take the matmul and the elementwise ops apart.

    Before:
    ```mlir
    %zz = tg.mul %z, %z : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
    %zn = tg.reduce_sum %zz {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
    %ee = tg.mul %e, %e : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
    %en = tg.reduce_sum %ee {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
    %dot = tg.matmul %z, %e {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
    %two = tg.constant dense<2.000000e+00> : tensor<f32>
    %m = tg.mul %dot, %two : (tensor<8x16xf32>, tensor<f32>) -> tensor<8x16xf32>
    %s = tg.sub %zn, %m : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %d = tg.add %s, %en : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    %i = tg.argmin %d {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
    ```
    After:
    ```mlir
    %i = tg.nearest_codeword %z, %e : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8xi64>
    ```
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fusion and each near miss">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def FuseMatmulEpiloguePass : Pass<"tg-fuse-matmul-epilogue", "::mlir::func::FuncOp"> {
  let summary = "Fuses matmul + bias + relu/gelu into tg.fused_matmul";
  let description = [{
    `add(matmul(a, b), bias)`, then `relu` or `gelu` of that (or of a bare
    matmul), become one tg.fused_matmul, which maps onto oneDNN post-ops
    and cuBLASLt epilogues. The matmul must have no other user and the bias
    must not grow the result. Run after tg-fuse-attention.

    Before:
    ```mlir
    %m = tg.matmul %x, %w {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>) -> tensor<16x256xf32>
    %a = tg.add %m, %b : (tensor<16x256xf32>, tensor<256xf32>) -> tensor<16x256xf32>
    %h = tg.relu %a : tensor<16x256xf32>
    ```
    After:
    ```mlir
    %h = tg.fused_matmul %x, %w bias %b activation(relu) {transpose_b = true} : (tensor<16x64xf32>, tensor<256x64xf32>, tensor<256xf32>) -> tensor<16x256xf32>
    ```
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fusion">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def TestBreakNumericsPass : Pass<"tg-test-break-numerics", "::mlir::func::FuncOp"> {
  let summary = "TEST ONLY: a deliberately wrong rewrite (first tg.add -> tg.sub)";
  let description = [{
    Exists so tests can show that `tgc --check-numerics-after-each-pass`
    names the pass that changed a result. Never use it otherwise.
  }];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def FuseElementwisePass : Pass<"tg-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuses chains of elementwise ops into tg.fused_elementwise";
  let description = [{
    Groups each maximal chain (or DAG) of two or more elementwise tg ops
    (those with the Tg_ElementwiseOp trait) into one tg.fused_elementwise
    whose body spells the chain out on rank-0 tensors: the LSTM cell math
    tg-decompose-rnn leaves, a GELU written out by hand, optimizer updates.
    A group grows from its last op towards its producers and takes a
    producer when
    - its result has the group's result shape (operands of smaller shapes
      become operands of the fused op and broadcast there; a broadcast that
      grows a value mid-chain ends the chain), and
    - every user of its result is in the group (a value also used outside
      would no longer exist).
    Splat constants the chain reads become rank-0 tg.constant ops in the
    body. Single elementwise ops are left alone. Runs last in the fuse
    phase, after the passes that map chains onto library ops (attention,
    add_layer_norm, matmul epilogues). With `report`, each fusion and each
    producer left out of a chain gets a remark saying why.

    Before:
    ```mlir
    %0 = tg.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    %1 = tg.tanh %0 : tensor<2x3xf32>
    ```
    After:
    ```mlir
    %1 = tg.fused_elementwise %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> {
    ^bb0(%x: tensor<f32>, %y: tensor<f32>):
      %0 = tg.mul %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %1 = tg.tanh %0 : tensor<f32>
      tg.yield %1 : tensor<f32>
    }
    ```
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fusion and each producer left out of a chain">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def AutodiffPass : Pass<"tg-autodiff"> {
  let summary = "Reverse-mode autodiff: @f -> @f_grad returning the gradients";
  let description = [{
    Runs on a builtin.module (it adds functions to it; the anchor is left
    generic so Passes.h need not include BuiltinOps.h).

    For every function `@f` of the module, whose result 0 (the first name
    in `tg.result_names`) is the loss, a rank-0 float tensor, adds
    `@f_grad` with the same arguments that returns `@f`'s results followed
    by d(loss)/d(arg) for every `tg.param` argument, in argument order
    (named `grad.<param name>`), then for every `tg.input` named in
    `inputs` (named `grad_input.<input name>`).

    `@f_grad` is `@f`'s body followed by a reverse walk over its ops: the
    loss's cotangent is seeded with 1, and each op on a path from a
    differentiated argument to the loss builds its operands' cotangents
    through its VjpOpInterface (rules in ir/TgVjp.cpp); cotangents reaching
    one value from several uses are summed with tg.add. Integer and boolean
    values carry no gradient. An op on such a path without a rule is an
    error naming it. A float parameter with no path to the loss gets a
    zero gradient and a warning, naming the op that cut the path
    (stop_gradient, or an op with integer results) when there is one.

    The input may be at any stage of tg-optimize (passes/README.md,
    "Gradients and fusion"): the fused ops have rules of their own
    (tg.attention recomputes its probabilities, FlashAttention-style;
    tg.fused_elementwise differentiates its body op by op into one fused
    loop per operand), so gradients are the same before and after fusion.
    Running tg-optimize after this pass fuses forward and backward
    together. tg.lstm and tg.gru have no rule: `@f_grad` (not `@f`) is
    first run through tg-decompose-rnn, and the per-step ops are
    differentiated.

    Before:
    ```mlir
    func.func @f(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
      %0 = tg.mul %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      %1 = tg.reduce_sum %0 {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
      return %1 : tensor<f32>
    }
    ```
    After (besides @f):
    ```mlir
    func.func @f_grad(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> (tensor<f32>, tensor<3xf32>) attributes {tg.result_names = ["loss", "grad.w"]} {
      %0 = tg.mul %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      %1 = tg.reduce_sum %0 {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
      %one = tg.constant dense<1.000000e+00> : tensor<f32>
      %2 = tg.reshape %one : (tensor<f32>) -> tensor<1xf32>
      %3 = tg.broadcast_to %2 : (tensor<1xf32>) -> tensor<3xf32>
      %4 = tg.mul %3, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      return %1, %4 : tensor<f32>, tensor<3xf32>
    }
    ```
  }];
  let options = [
    ListOption<"inputs", "inputs", "std::string",
               "Names of tg.input arguments to differentiate too">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def MakeTrainStepPass : Pass<"tg-make-train-step"> {
  let summary = "Builds @train_step: one optimizer step (SGD or Adam) as a tg function";
  let description = [{
    Runs on a builtin.module that holds `@f` and the `@f_grad` tg-autodiff
    made from it (run `--tg-autodiff` first; a missing `@f_grad` is an
    error saying so). `@f` is `function`, else `@main`, else the only
    function that has a `_grad`. Adds

    ```
    @train_step(params..., state..., inputs...)
        -> (loss, new.<param>..., new.<state>...)
    ```

    made of `@f_grad`'s body (inlined, so the step fuses and compiles like
    any function) followed by the optimizer's update in elementwise tg ops.
    The program is pure: everything the optimizer carries from one step to
    the next is an argument and comes back as a result.

    Naming (argument attributes and `tg.result_names`, as
    ir/ProgramSignature.cpp reads them):
    - every `tg.param` of `@f`, in order, keeps its attributes;
    - then the optimizer state, each a `tg.param` (it is state, like the
      weights, and belongs in a checkpoint), zero at the first step:
        sgd with momentum: `sgd.momentum.<p>` for each trained param p;
        adam: `adam.m.<p>` for each p, then `adam.v.<p>` for each p, then
        `adam.step`, a `tensor<f32>` counting the steps taken;
    - then every `tg.input` of `@f`, in order, keeps its attributes.
    Results: the loss (named as `@f` names its result 0), `new.<p>` for
    each trained param, then `new.<s>` for each state argument s, in
    argument order. A driver feeds result `new.X` back as argument `X`.
    Trained params are the float `tg.param`s; other params pass through
    without a result. A param whose name collides with a state name is an
    error.

    Updates, with g = d(loss)/dp from `@f_grad`, computed in p's element
    type (constants in that type):
    - sgd (torch.optim.SGD, dampening 0, no Nesterov):
        g = g + weight_decay * p                 (when weight_decay > 0)
        buf = momentum * buf + g; g = buf        (when momentum > 0)
        p = p - lr * g
      A zero buffer makes the first step buf = g, as PyTorch's.
    - adam (torch.optim.Adam, amsgrad off; weight decay is Adam's L2 form
      added to the gradient, not AdamW's decoupled decay):
        t = step + 1
        g = g + weight_decay * p                 (when weight_decay > 0)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)

    Options are checked: lr > 0; momentum >= 0 (sgd only); 0 <= beta1 < 1;
    0 <= beta2 < 1; epsilon >= 0; weight-decay >= 0; all finite.

    Before (with @f_grad from tg-autodiff):
    ```mlir
    func.func @f(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> tensor<f32> attributes {tg.result_names = ["loss"]}
    func.func @f_grad(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> (tensor<f32>, tensor<3xf32>) attributes {tg.result_names = ["loss", "grad.w"]}
    ```
    After `--tg-make-train-step="optimizer=sgd lr=0.1"` (besides both):
    ```mlir
    func.func @train_step(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> (tensor<f32>, tensor<3xf32>) attributes {tg.result_names = ["loss", "new.w"]} {
      ... @f_grad's body: %loss, %g ...
      %lr = tg.constant dense<1.000000e-01> : tensor<f32>
      %0 = tg.mul %lr, %g : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
      %1 = tg.sub %w, %0 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      return %loss, %1 : tensor<f32>, tensor<3xf32>
    }
    ```
  }];
  let options = [
    Option<"optimizer", "optimizer", "std::string", "\"sgd\"",
           "sgd or adam">,
    Option<"lr", "lr", "double", "1e-3", "Learning rate (> 0)">,
    Option<"momentum", "momentum", "double", "0.0",
           "SGD momentum (0: none, no state)">,
    Option<"beta1", "beta1", "double", "0.9",
           "Adam's decay of the first moment, in [0, 1)">,
    Option<"beta2", "beta2", "double", "0.999",
           "Adam's decay of the second moment, in [0, 1)">,
    Option<"epsilon", "epsilon", "double", "1e-8",
           "Adam's term added to the denominator (>= 0)">,
    Option<"weightDecay", "weight-decay", "double", "0.0",
           "L2 penalty added to the gradient (>= 0)">,
    Option<"functionName", "function", "std::string", "\"\"",
           "The function to train (default: @main, else the only one with "
           "a _grad)">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect"];
}

def FgsmPass : Pass<"tg-fgsm"> {
  let summary = "FGSM adversarial loss: L(θ, e + ε·sign(∇_e L)) with e a named value";
  let description = [{
    Runs on a builtin.module (it builds a scratch module inside it for
    tg-autodiff). Rewrites `function` (default: @main, else the only
    function), whose result 0 is the loss L, so that result 0 becomes the
    fast-gradient-sign (Goodfellow et al. 2015) adversarial loss

      e'   = e + stop_gradient(ε · sign(∂L/∂e))
      L'   = L(θ, e')

    where e is the value to perturb: the result of the last op (in block
    order) whose location carries the name `at` (a NameLoc such as the
    scopes of the model programs, e.g. transformer_lm's "embedding": print
    a model with `tgc model --print-locations` to keep them; in hand-written
    IR write `loc("embedding")`). That op must have one float result.
    sign(0) = 0. The perturbation is a constant for training (stop_gradient),
    so d L'/dθ is the gradient of the loss at the perturbed point, flowing
    into e's producers through e' = e + δ.

    How: the tail of the function after e, L as a function of (e, the
    arguments the tail uses), is outlined into a scratch module, where
    tg-autodiff with `inputs` builds ∂L/∂e (ir/TgVjp.cpp's rules, nothing
    specific to this pass). Its body is inlined after e, then the tail is
    cloned once more on e'. Ops that both copies compute from the same
    values (the clean forward) are merged by tg-optimize's CSE. The clean
    loss stays available as a new last result `fgsm.clean_loss`; the other
    results are unchanged.

    Random ops in the tail (dropout) are cloned with their seeds and step
    operands, so the gradient pass and the adversarial pass draw the same
    masks.

    Before (`--tg-fgsm="epsilon=0.5 at=embedding"`):
    ```mlir
    func.func @main(%w: tensor<3xf32> {tg.param = "w"}, %x: tensor<3xf32> {tg.input = "x"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
      %e = tg.mul %w, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> loc("embedding")
      %t = tg.tanh %e : tensor<3xf32>
      %l = tg.reduce_sum %t {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
      return %l : tensor<f32>
    }
    ```
    After:
    ```mlir
    func.func @main(%w: ..., %x: ...) -> (tensor<f32>, tensor<f32>) attributes {tg.result_names = ["loss", "fgsm.clean_loss"]} {
      %e = tg.mul %w, %x
      %t = tg.tanh %e
      %l = tg.reduce_sum %t
      ... ∂l/∂e from tg-autodiff: %g ...
      %s = tg.select (%g > 0), 1, tg.select (%g < 0, -1, 0)
      %d = tg.stop_gradient (0.5 * %s)
      %e2 = tg.add %e, %d
      %t2 = tg.tanh %e2
      %l2 = tg.reduce_sum %t2
      return %l2, %l : tensor<f32>, tensor<f32>
    }
    ```
  }];
  let options = [
    Option<"epsilon", "epsilon", "double", "0.0",
           "Size of the perturbation ε (> 0, finite)">,
    Option<"at", "at", "std::string", "\"embedding\"",
           "Location name of the op whose result is perturbed">,
    Option<"functionName", "function", "std::string", "\"\"",
           "The loss function (default: @main, else the only one)">
  ];
  let dependentDialects = ["::tgc::tg::TgDialect", "::mlir::func::FuncDialect"];
}

#endif // TGC_PASSES_TD
