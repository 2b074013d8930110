//===- Rnn.cpp - LSTM and GRU model programs ------------------------------===//
//
// lstm  torch.nn.LSTM(batch_first=True): one tg.lstm over the whole stack
// gru   torch.nn.GRU(batch_first=True):  one tg.gru over the whole stack
//
// Config keys (defaults): input_size (16), hidden_size (32), layers (1),
// bidirectional (false), batch (2), seq_len (8), with_loss (false).
//
// Inputs: x [batch, seq_len, input_size]; with_loss adds target
// [batch, seq_len, D*hidden_size] (D = 2 if bidirectional else 1).
// Outputs: y [batch, seq_len, D*hidden_size], h_n [layers*D, batch,
// hidden_size], and for lstm c_n of the same shape; with_loss puts
// loss = mse(y, target) first. The initial state is zero.
//
// Parameters carry the names of the module's state_dict — weight_ih_l{k},
// weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, with suffix _reverse for the
// backward direction — so PyTorch weights load unchanged. They are declared
// in the module's own order (layer by layer, forward then reverse), which
// is the order tg.lstm / tg.gru take them in.
//
//===----------------------------------------------------------------------===//

#include "frontend/GraphBuilder.h"
#include "frontend/models/ModelPrograms.h"

#include "absl/strings/str_cat.h"

using namespace mlir;

namespace tgc::frontend {
namespace {

enum class RnnKind { Lstm, Gru };

struct RnnShape {
  int64_t inputSize, hidden, layers, batch, seqLen;
  bool bidirectional, withLoss;
  int64_t dirs() const { return bidirectional ? 2 : 1; }
};

RnnShape readShape(ModelConfig &config) {
  RnnShape s;
  s.inputSize = config.getInt("input_size", 16);
  s.hidden = config.getInt("hidden_size", 32);
  s.layers = config.getInt("layers", 1);
  s.bidirectional = config.getBool("bidirectional", false);
  s.batch = config.getInt("batch", 2);
  s.seqLen = config.getInt("seq_len", 8);
  s.withLoss = config.getBool("with_loss", false);
  return s;
}

/// Declares the parameters of every layer and direction in PyTorch's flat
/// order; `gates` is 4 for LSTM (i, f, g, o) and 3 for GRU (r, z, n).
std::vector<Value> declareParams(GraphBuilder &b, const RnnShape &s,
                                 int64_t gates) {
  std::vector<Value> weights;
  for (int64_t l = 0; l < s.layers; ++l) {
    int64_t layerInput = l == 0 ? s.inputSize : s.dirs() * s.hidden;
    for (int64_t d = 0; d < s.dirs(); ++d) {
      std::string suffix = absl::StrCat("_l", l, d == 1 ? "_reverse" : "");
      weights.push_back(b.param("weight_ih" + suffix,
                                {gates * s.hidden, layerInput}));
      weights.push_back(b.param("weight_hh" + suffix,
                                {gates * s.hidden, s.hidden}));
      weights.push_back(b.param("bias_ih" + suffix, {gates * s.hidden}));
      weights.push_back(b.param("bias_hh" + suffix, {gates * s.hidden}));
    }
  }
  return weights;
}

absl::StatusOr<ModelModule> buildRnn(MLIRContext *context, ModelConfig &config,
                                     RnnKind kind) {
  RnnShape s = readShape(config);
  if (absl::Status status = config.status(); !status.ok())
    return status;
  bool lstm = kind == RnnKind::Lstm;

  GraphBuilder b(context);
  Value x = b.input("x", {s.batch, s.seqLen, s.inputSize});
  Value target = s.withLoss ? b.input("target", {s.batch, s.seqLen,
                                                 s.dirs() * s.hidden})
                            : Value();
  std::vector<Value> weights = declareParams(b, s, lstm ? 4 : 3);

  std::vector<Value> results;
  {
    auto scope = b.scope(lstm ? "lstm" : "gru");
    // No initial state: h0 (and c0) are zero.
    results = lstm ? b.lstm(x, weights, Value(), Value(), s.hidden, s.layers,
                            s.bidirectional)
                   : b.gru(x, weights, Value(), s.hidden, s.layers,
                           s.bidirectional);
  }
  if (results.empty())
    return b.finish(); // The builder's error.

  if (s.withLoss)
    b.output("loss", b.mse(results[0], target));
  b.output("y", results[0]);
  b.output("h_n", results[1]);
  if (lstm)
    b.output("c_n", results[2]);
  return b.finish();
}

} // namespace

absl::StatusOr<ModelModule> buildLstm(MLIRContext *context,
                                      ModelConfig &config) {
  return buildRnn(context, config, RnnKind::Lstm);
}

absl::StatusOr<ModelModule> buildGru(MLIRContext *context,
                                     ModelConfig &config) {
  return buildRnn(context, config, RnnKind::Gru);
}

} // namespace tgc::frontend
