//===- TgRnnOps.td - tg.lstm and tg.gru -----------------------*- tablegen -*-===//
//
// Recurrent layers with PyTorch's exact semantics (torch.nn.LSTM and
// torch.nn.GRU with batch_first=True): one op covers a stack of
// `num_layers` layers, each optionally bidirectional. Included at the end of
// TgOps.td; the verifiers and result-type inference are in TgRnnOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TG_RNN_OPS_TD
#define TG_RNN_OPS_TD

/// What tg.lstm and tg.gru share: the operand layout, attributes and the
/// accessors that find one layer's and direction's parameters. `gates` is
/// the number of gates (4 for LSTM, 3 for GRU): each weight stacks one
/// [H, ...] block per gate along its first dimension.
class Tg_RnnOp<string mnemonic, int gates, dag initialState, dag resultList>
    : Tg_Op<mnemonic, [Pure, AttrSizedOperandSegments, InferTypeOpAdaptor]> {
  let arguments = !con(
      (ins Tg_FloatTensor:$input, Variadic<Tg_FloatTensor>:$weights),
      initialState,
      (ins Tg_I64Attr:$hidden_size,
           DefaultValuedAttr<Tg_I64Attr, "1">:$num_layers,
           DefaultValuedAttr<BoolAttr, "false">:$bidirectional));
  let results = resultList;
  let extraClassDeclaration = [{
    /// The number of gates: rows of weight_ih are kNumGates * hidden_size.
    static constexpr int64_t kNumGates = }] # gates # [{;

    /// The four parameters of one layer and direction, in the order they
    /// appear in `weights` (torch.nn.RNNBase._flat_weights).
    enum class Param : int64_t { WeightIh = 0, WeightHh = 1, BiasIh = 2,
                                 BiasHh = 3 };
    static constexpr int64_t kParamsPerDirection = 4;

    /// 2 when bidirectional, else 1.
    int64_t getNumDirections() { return getBidirectional() ? 2 : 1; }

    /// The position in `weights` of parameter `param` of layer `layer`,
    /// direction `direction` (0 forward, 1 reverse).
    static int64_t weightIndex(int64_t layer, int64_t direction, Param param,
                               int64_t numDirections) {
      return (layer * numDirections + direction) * kParamsPerDirection +
             static_cast<int64_t>(param);
    }
    ::mlir::Value getWeight(int64_t layer, int64_t direction, Param param) {
      return getWeights()[weightIndex(layer, direction, param,
                                      getNumDirections())];
    }

    /// PyTorch's name of a parameter: weight_ih_l0, bias_hh_l1_reverse, ...
    static std::string paramName(int64_t layer, int64_t direction,
                                 Param param) {
      static const char *const kNames[] = {"weight_ih", "weight_hh",
                                           "bias_ih", "bias_hh"};
      return std::string(kNames[static_cast<int64_t>(param)]) + "_l" +
             std::to_string(layer) + (direction == 1 ? "_reverse" : "");
    }
  }];
}

def Tg_LstmOp : Tg_RnnOp<"lstm", 4,
    (ins Optional<Tg_FloatTensor>:$h0, Optional<Tg_FloatTensor>:$c0),
    (outs Tg_FloatTensor:$output, Tg_FloatTensor:$h_n,
          Tg_FloatTensor:$c_n)> {
  let summary = "stacked, optionally bidirectional LSTM (torch.nn.LSTM)";
  let description = [{
    torch.nn.LSTM(input_size, hidden_size, num_layers, bias=True,
    batch_first=True, dropout=0, bidirectional) in exact arithmetic. With
    H = `hidden_size`, L = `num_layers`, D = 2 if `bidirectional` else 1,
    and `input` x of shape [B, T, I] (batch, sequence, features):

    Each layer l and direction d runs the cell over the sequence. For
    direction 0 the steps are t = 0, 1, ..., T-1; for direction 1
    (reverse) t = T-1, ..., 1, 0. With h and c starting from
    `h0[l*D + d]` and `c0[l*D + d]` (zeros when absent), each step is

      gates = x_t · W_ihᵀ + b_ih + h · W_hhᵀ + b_hh        ([B, 4H])
      i = σ(gates[:, 0:H])       input gate
      f = σ(gates[:, H:2H])      forget gate
      g = tanh(gates[:, 2H:3H])  cell candidate
      o = σ(gates[:, 3H:4H])     output gate
      c = f ⊙ c + i ⊙ g
      h = o ⊙ tanh(c)

    with σ(v) = 1 / (1 + e^-v), and `out_{l,d}[:, t, :] = h` at the
    step's own time t (so the reverse direction's outputs line up with
    their inputs, as in PyTorch). x_t is `input[:, t, :]` for layer 0 and
    `concat(out_{l-1,0}, ..., out_{l-1,D-1})[:, t, :]` (last axis) above.

    Results:
      `output = concat(out_{L-1,0}, ..., out_{L-1,D-1})` on the last axis,
      [B, T, D*H];
      `h_n[l*D + d]` and `c_n[l*D + d]` = the final h and c of layer l,
      direction d (after step T-1 forward, after step 0 reverse),
      [L*D, B, H].

    `weights` holds PyTorch's flat parameter list (`lstm._flat_weights`):
    for l = 0..L-1, for d = 0..D-1 (forward, then reverse), the four
    tensors weight_ih_l{l}[_reverse] [4H, I_l], weight_hh [4H, H],
    bias_ih [4H], bias_hh [4H], where I_0 = I and I_l = D*H for l > 0.
    The gate blocks along the first dimension are in the order i, f, g, o.

    Constraints:
    C1. `input` has rank 3 with T >= 1; `hidden_size` >= 1 and
        `num_layers` >= 1.
    C2. `weights` holds exactly 4 * L * D tensors.
    C3. Each weight has the shape given above.
    C4. `h0` and `c0` are both present or both absent, each of shape
        [L*D, B, H].
    C5. Every operand has the element type of `input`; the results are
        `output` [B, T, D*H], `h_n` and `c_n` [L*D, B, H] of that type.

    Example (one layer, 3 features, hidden size 8, initial state given):
    ```mlir
    %y, %h_n, %c_n = tg.lstm %x weights(%w_ih, %w_hh, %b_ih, %b_hh) h0(%h0) c0(%c0) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<32x3xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
    ```
  }];
  let assemblyFormat = [{
    $input `weights` `(` $weights `)` (`h0` `(` $h0^ `)`)? (`c0` `(` $c0^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Tg_GruOp : Tg_RnnOp<"gru", 3,
    (ins Optional<Tg_FloatTensor>:$h0),
    (outs Tg_FloatTensor:$output, Tg_FloatTensor:$h_n)> {
  let summary = "stacked, optionally bidirectional GRU (torch.nn.GRU)";
  let description = [{
    torch.nn.GRU(input_size, hidden_size, num_layers, bias=True,
    batch_first=True, dropout=0, bidirectional) in exact arithmetic. With
    H = `hidden_size`, L = `num_layers`, D = 2 if `bidirectional` else 1,
    and `input` x of shape [B, T, I]:

    Each layer l and direction d runs the cell over the sequence, forward
    (t = 0, ..., T-1) for d = 0 and reverse (t = T-1, ..., 0) for d = 1.
    With h starting from `h0[l*D + d]` (zeros when absent), each step is

      gi = x_t · W_ihᵀ + b_ih,   gh = h · W_hhᵀ + b_hh      ([B, 3H])
      r = σ(gi[:, 0:H] + gh[:, 0:H])                reset gate
      z = σ(gi[:, H:2H] + gh[:, H:2H])              update gate
      n = tanh(gi[:, 2H:3H] + r ⊙ gh[:, 2H:3H])     candidate
      h = (1 - z) ⊙ n + z ⊙ h

    with σ(v) = 1 / (1 + e^-v), and `out_{l,d}[:, t, :] = h` at the
    step's own time t. x_t is `input[:, t, :]` for layer 0 and
    `concat(out_{l-1,0}, ..., out_{l-1,D-1})[:, t, :]` (last axis) above.

    Results:
      `output = concat(out_{L-1,0}, ..., out_{L-1,D-1})` on the last axis,
      [B, T, D*H];
      `h_n[l*D + d]` = the final h of layer l, direction d, [L*D, B, H].

    `weights` holds PyTorch's flat parameter list (`gru._flat_weights`):
    for l = 0..L-1, for d = 0..D-1 (forward, then reverse), the four
    tensors weight_ih_l{l}[_reverse] [3H, I_l], weight_hh [3H, H],
    bias_ih [3H], bias_hh [3H], where I_0 = I and I_l = D*H for l > 0.
    The gate blocks along the first dimension are in the order r, z, n.

    Constraints:
    C1. `input` has rank 3 with T >= 1; `hidden_size` >= 1 and
        `num_layers` >= 1.
    C2. `weights` holds exactly 4 * L * D tensors.
    C3. Each weight has the shape given above.
    C4. `h0`, when present, has shape [L*D, B, H].
    C5. Every operand has the element type of `input`; the results are
        `output` [B, T, D*H] and `h_n` [L*D, B, H] of that type.

    Example (two bidirectional layers would list 16 weights; one layer):
    ```mlir
    %y, %h_n = tg.gru %x weights(%w_ih, %w_hh, %b_ih, %b_hh) {hidden_size = 8 : i64} : (tensor<2x5x3xf32>, tensor<24x3xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x5x8xf32>, tensor<1x2x8xf32>)
    ```
  }];
  let assemblyFormat = [{
    $input `weights` `(` $weights `)` (`h0` `(` $h0^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

#endif // TG_RNN_OPS_TD
