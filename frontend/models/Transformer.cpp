//===- Transformer.cpp - Transformer model programs -----------------------===//
//
// transformer          encoder-decoder, "Attention Is All You Need", post-norm
// transformer_encoder  BERT-style encoder (token + position + segment embeddings)
// transformer_lm       decoder-only causal language model
//
// Parameters are named as the state_dict of the matching PyTorch modules
// (torch.nn.Transformer / TransformerEncoderLayer with batch_first=True and
// norm_first=False), so PyTorch weights load unchanged. Attention is written
// the plain way — Q·Kᵀ scaled by 1/sqrt(d_head), mask, softmax, ·V, heads
// split and merged by reshape/transpose — because turning it into one op is
// the fusion pass's job, not the model's.
//
// transformer_lm's embedding_noise_norm = r > 0 (default 0: off) adds
// training noise of L2 norm r to each token's embedding (the output of the
// "embedding" scope, token embedding plus position), after the embedding
// and before the first layer:
//   n[b, t, :] ~ N(0, I)  (tg.random_normal [batch, seq_len, d_model] with
//                          seed noise_seed (default 0) and the step operand
//                          of an input "rng.step", tensor<i64> marked
//                          tg.step_counter: fresh noise every training step)
//   h[b, t, :] += r · n[b, t, :] / ||n[b, t, :]||₂
// The noise is not differentiated through (it depends on no parameter).
// Parameters are unchanged, so weights trained with noise load into the
// model without it for evaluation.
//
//===----------------------------------------------------------------------===//

#include "frontend/GraphBuilder.h"
#include "frontend/models/ModelPrograms.h"
#include "frontend/models/Positions.h"

#include "absl/strings/str_cat.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace tgc::frontend {
namespace {

/// The settings every Transformer variant shares.
struct TransformerShape {
  int64_t vocab, dModel, heads, dFf, batch;
  bool gelu;
  double eps;
};

/// Reads the shared keys. `defaultActivation` differs between variants.
TransformerShape readShape(ModelConfig &config, const char *defaultActivation) {
  TransformerShape s;
  s.vocab = config.getInt("vocab", 1000);
  s.dModel = config.getInt("d_model", 64);
  s.heads = config.getInt("heads", 4);
  s.dFf = config.getInt("d_ff", 256);
  s.batch = config.getInt("batch", 2);
  s.gelu = config.getChoice("activation", defaultActivation, {"relu", "gelu"}) == "gelu";
  s.eps = config.getDouble("eps", 1e-5);
  return s;
}

/// The first bad or unknown config key, or heads not dividing d_model.
absl::Status checkConfig(const ModelConfig &config, const TransformerShape &s) {
  if (absl::Status status = config.status(); !status.ok())
    return status;
  if (s.dModel % s.heads != 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "d_model (", s.dModel, ") must be a multiple of heads (", s.heads, ")"));
  return absl::OkStatus();
}

/// How tokens become vectors and logits, shared by the decoder-side
/// variants; the defaults differ between them.
struct EmbeddingOptions {
  bool sinusoidal; // positions=sinusoidal|learned
  bool tied;       // tie_embeddings: logits through the embedding matrix
  bool scale;      // scale_embeddings: embeddings times sqrt(d_model)
  bool withLoss;   // with_loss: a labels input and the loss first
};

EmbeddingOptions readEmbeddingOptions(ModelConfig &config,
                                      const char *defaultPositions,
                                      bool defaultScale) {
  EmbeddingOptions o;
  o.sinusoidal = config.getChoice("positions", defaultPositions,
                                  {"sinusoidal", "learned"}) == "sinusoidal";
  o.tied = config.getBool("tie_embeddings", true);
  o.scale = config.getBool("scale_embeddings", defaultScale);
  o.withLoss = config.getBool("with_loss", false);
  return o;
}

/// The sinusoidal table as a [length, d] f32 constant.
Value sinusoidalPositions(GraphBuilder &b, int64_t length, int64_t d) {
  std::vector<double> table = sinusoidalPositionTable(length, d);
  return b.constant({length, d}, std::vector<float>(table.begin(), table.end()));
}

/// Token embedding (optionally times sqrt(d_model)) plus positions[0:length].
Value embed(GraphBuilder &b, Value table, Value tokens, Value positions,
            int64_t length, bool scale) {
  Value x = b.gather(table, tokens);
  int64_t d = b.shapeOf(table)[1];
  if (scale)
    x = b.mul(x, b.scalar(std::sqrt(double(d))));
  int64_t available = b.shapeOf(positions)[0];
  if (available != length)
    positions = b.slice(positions, {0, 0}, {length, d});
  return b.add(x, positions);
}

/// Parameters of torch.nn.MultiheadAttention under `prefix`.
struct AttentionParams {
  Value inProjWeight, inProjBias, outProjWeight, outProjBias;
};

AttentionParams attentionParams(GraphBuilder &b, const std::string &prefix,
                                int64_t d) {
  return {b.param(prefix + ".in_proj_weight", {3 * d, d}),
          b.param(prefix + ".in_proj_bias", {3 * d}),
          b.param(prefix + ".out_proj.weight", {d, d}),
          b.param(prefix + ".out_proj.bias", {d})};
}

/// [batch, len, d] -> [batch, heads, len, d_head]
Value splitHeads(GraphBuilder &b, Value x, int64_t heads) {
  ArrayRef<int64_t> s = b.shapeOf(x);
  Value split = b.reshape(x, {s[0], s[1], heads, s[2] / heads});
  return b.transpose(split, {0, 2, 1, 3});
}

/// [batch, heads, len, d_head] -> [batch, len, d]
Value mergeHeads(GraphBuilder &b, Value x) {
  ArrayRef<int64_t> s = b.shapeOf(x);
  Value merged = b.transpose(x, {0, 2, 1, 3});
  return b.reshape(merged, {s[0], s[2], s[1] * s[3]});
}

/// Which keys each query may see.
struct AttentionMask {
  bool causal = false;
  /// [batch, key_len] i1, true at padding positions (ignored), as
  /// PyTorch's key_padding_mask. May be null.
  Value keyPadding;
};

/// torch.nn.MultiheadAttention(query, key_value, key_value) in eval mode:
/// softmax(Q·Kᵀ / sqrt(d_head) + mask) · V per head, then out_proj.
Value multiHeadAttention(GraphBuilder &b, const AttentionParams &p, Value query,
                         Value keyValue, int64_t heads, const AttentionMask &mask) {
  int64_t d = b.shapeOf(query)[2];
  // Q, K and V are stacked in in_proj as rows [0, d), [d, 2d), [2d, 3d).
  // One statement per op keeps the op order independent of the compiler.
  auto project = [&](Value input, int64_t part) {
    Value weight = b.slice(p.inProjWeight, {part * d, 0}, {(part + 1) * d, d});
    Value bias = b.slice(p.inProjBias, {part * d}, {(part + 1) * d});
    return b.linear(input, weight, bias);
  };
  Value q = project(query, 0);
  Value k = project(keyValue, 1);
  Value v = project(keyValue, 2);
  q = splitHeads(b, q, heads);
  k = splitHeads(b, k, heads);
  v = splitHeads(b, v, heads);

  int64_t dHead = d / heads;
  Value scores = b.matmul(q, k, /*transposeA=*/false, /*transposeB=*/true);
  scores = b.mul(scores, b.scalar(1.0 / std::sqrt(double(dHead))));
  Value negInf = b.scalar(-std::numeric_limits<double>::infinity());
  if (mask.causal) {
    // Query i sees keys j <= i: select(col <= row, scores, -inf).
    int64_t lq = b.shapeOf(query)[1], lk = b.shapeOf(keyValue)[1];
    Value row = b.iota({lq, lk}, 0);
    Value col = b.iota({lq, lk}, 1);
    Value allowed = b.compare(tg::CompareDirection::LE, col, row);
    scores = b.select(allowed, scores, negInf);
  }
  if (mask.keyPadding) {
    ArrayRef<int64_t> s = b.shapeOf(mask.keyPadding);
    Value padding = b.reshape(mask.keyPadding, {s[0], 1, 1, s[1]});
    scores = b.select(padding, negInf, scores);
  }
  Value probs = b.softmax(scores, -1);
  Value context = mergeHeads(b, b.matmul(probs, v));
  return b.linear(context, p.outProjWeight, p.outProjBias);
}

/// linear2(activation(linear1(x))) with torch.nn.TransformerEncoderLayer's
/// names under `prefix`.
Value feedForward(GraphBuilder &b, const std::string &prefix, Value x,
                  const TransformerShape &s) {
  auto scope = b.scope("ffn");
  // Parameters are declared one statement at a time so that their order
  // (the function's argument order) does not depend on the compiler's
  // order of evaluating call arguments.
  Value w1 = b.param(prefix + ".linear1.weight", {s.dFf, s.dModel});
  Value b1 = b.param(prefix + ".linear1.bias", {s.dFf});
  Value w2 = b.param(prefix + ".linear2.weight", {s.dModel, s.dFf});
  Value b2 = b.param(prefix + ".linear2.bias", {s.dModel});
  Value h = b.linear(x, w1, b1);
  h = s.gelu ? b.gelu(h) : b.relu(h);
  return b.linear(h, w2, b2);
}

/// LayerNorm(x + sublayer) with parameters `name`.weight / `name`.bias.
Value finalNorm(GraphBuilder &b, const std::string &name, Value x,
                const TransformerShape &s) {
  Value weight = b.param(name + ".weight", {s.dModel});
  Value bias = b.param(name + ".bias", {s.dModel});
  return b.layerNorm(x, weight, bias, -1, s.eps);
}

Value addAndNorm(GraphBuilder &b, const std::string &name, Value x,
                 Value sublayer, const TransformerShape &s) {
  return finalNorm(b, name, b.add(x, sublayer), s);
}

/// A post-norm encoder layer: self-attention, Add & Norm, FFN, Add & Norm.
/// With `causal`, the self-attention is masked (a decoder-only LM layer).
Value encoderLayer(GraphBuilder &b, const std::string &prefix, Value x,
                   const TransformerShape &s, const AttentionMask &mask) {
  auto scope = b.scope(prefix);
  Value attention;
  {
    auto attnScope = b.scope("self_attn");
    attention = multiHeadAttention(
        b, attentionParams(b, prefix + ".self_attn", s.dModel), x, x, s.heads, mask);
  }
  x = addAndNorm(b, prefix + ".norm1", x, attention, s);
  return addAndNorm(b, prefix + ".norm2", x, feedForward(b, prefix, x, s), s);
}

/// A post-norm decoder layer: causal self-attention, cross-attention over
/// `memory`, FFN, each followed by Add & Norm.
Value decoderLayer(GraphBuilder &b, const std::string &prefix, Value x,
                   Value memory, const TransformerShape &s) {
  auto scope = b.scope(prefix);
  Value attention;
  {
    auto attnScope = b.scope("self_attn");
    AttentionMask causal;
    causal.causal = true;
    attention = multiHeadAttention(
        b, attentionParams(b, prefix + ".self_attn", s.dModel), x, x, s.heads, causal);
  }
  x = addAndNorm(b, prefix + ".norm1", x, attention, s);
  Value cross;
  {
    auto crossScope = b.scope("multihead_attn");
    cross = multiHeadAttention(
        b, attentionParams(b, prefix + ".multihead_attn", s.dModel), x, memory,
        s.heads, AttentionMask());
  }
  x = addAndNorm(b, prefix + ".norm2", x, cross, s);
  return addAndNorm(b, prefix + ".norm3", x, feedForward(b, prefix, x, s), s);
}

/// Logits through the embedding matrix (tied) or `output.weight`.
Value outputLogits(GraphBuilder &b, Value h, Value embedding, bool tied,
                   const TransformerShape &s) {
  auto scope = b.scope("output");
  Value weight = tied ? embedding : b.param("output.weight", {s.vocab, s.dModel});
  return b.matmul(h, weight, /*transposeA=*/false, /*transposeB=*/true);
}

/// Positions: the sinusoidal constant or the learned `positions.weight`.
Value positionTable(GraphBuilder &b, bool sinusoidal, int64_t length, int64_t d) {
  return sinusoidal ? sinusoidalPositions(b, length, d)
                    : b.param("positions.weight", {length, d});
}

} // namespace

absl::StatusOr<ModelModule> buildTransformer(MLIRContext *context,
                                             ModelConfig &config) {
  TransformerShape s = readShape(config, "relu");
  int64_t encLayers = config.getInt("enc_layers", 2, 0);
  int64_t decLayers = config.getInt("dec_layers", 2, 0);
  int64_t srcLen = config.getInt("src_len", 16);
  int64_t tgtLen = config.getInt("tgt_len", 16);
  auto [sinusoidal, tied, scale, withLoss] =
      readEmbeddingOptions(config, "sinusoidal", /*defaultScale=*/true);
  if (absl::Status status = checkConfig(config, s); !status.ok())
    return status;

  GraphBuilder b(context);
  Value src = b.input("src_tokens", {s.batch, srcLen}, b.i64(), s.vocab);
  Value tgt = b.input("tgt_tokens", {s.batch, tgtLen}, b.i64(), s.vocab);
  Value labels = withLoss ? b.input("labels", {s.batch, tgtLen}, b.i64(), s.vocab)
                          : Value();
  Value embedding = b.param("embedding.weight", {s.vocab, s.dModel});
  Value positions;
  {
    auto scope = b.scope("embedding");
    positions = positionTable(b, sinusoidal, std::max(srcLen, tgtLen), s.dModel);
  }

  Value memory;
  {
    auto scope = b.scope("embedding");
    memory = embed(b, embedding, src, positions, srcLen, scale);
  }
  {
    for (int64_t i = 0; i < encLayers; ++i)
      memory = encoderLayer(b, absl::StrCat("transformer.encoder.layers.", i),
                            memory, s, AttentionMask());
    memory = finalNorm(b, "transformer.encoder.norm", memory, s);
  }
  Value h;
  {
    auto scope = b.scope("embedding");
    h = embed(b, embedding, tgt, positions, tgtLen, scale);
  }
  {
    for (int64_t i = 0; i < decLayers; ++i)
      h = decoderLayer(b, absl::StrCat("transformer.decoder.layers.", i), h,
                       memory, s);
    h = finalNorm(b, "transformer.decoder.norm", h, s);
  }
  Value logits = outputLogits(b, h, embedding, tied, s);
  if (withLoss)
    b.output("loss", b.crossEntropy(logits, labels));
  b.output("logits", logits);
  return b.finish();
}

absl::StatusOr<ModelModule> buildTransformerEncoder(MLIRContext *context,
                                                    ModelConfig &config) {
  TransformerShape s = readShape(config, "gelu");
  int64_t layers = config.getInt("layers", 2, 0);
  int64_t seqLen = config.getInt("seq_len", 16);
  int64_t typeVocab = config.getInt("type_vocab", 2);
  double dropoutRatio = config.getDouble("dropout", 0.1);
  bool paddingMask = config.getBool("padding_mask", false);
  if (absl::Status status = checkConfig(config, s); !status.ok())
    return status;

  GraphBuilder b(context);
  Value ids = b.input("input_ids", {s.batch, seqLen}, b.i64(), s.vocab);
  Value types = b.input("token_type_ids", {s.batch, seqLen}, b.i64(), typeVocab);
  AttentionMask mask;
  if (paddingMask)
    mask.keyPadding = b.input("key_padding_mask", {s.batch, seqLen}, b.i1());

  Value x;
  {
    auto scope = b.scope("embeddings");
    Value words = b.gather(b.param("embeddings.word_embeddings.weight",
                                   {s.vocab, s.dModel}), ids);
    Value positions = b.param("embeddings.position_embeddings.weight",
                              {seqLen, s.dModel});
    Value segments = b.gather(b.param("embeddings.token_type_embeddings.weight",
                                      {typeVocab, s.dModel}), types);
    x = b.add(b.add(words, positions), segments);
    x = finalNorm(b, "embeddings.LayerNorm", x, s);
    // Inactive at inference; tg-canonicalize folds it away.
    x = b.dropout(x, dropoutRatio, /*seed=*/0, /*training=*/false);
  }
  for (int64_t i = 0; i < layers; ++i)
    x = encoderLayer(b, absl::StrCat("encoder.layers.", i), x, s, mask);
  b.output("hidden_states", x);
  return b.finish();
}

absl::StatusOr<ModelModule> buildTransformerLm(MLIRContext *context,
                                               ModelConfig &config) {
  TransformerShape s = readShape(config, "gelu");
  int64_t layers = config.getInt("layers", 2, 0);
  int64_t seqLen = config.getInt("seq_len", 16);
  auto [sinusoidal, tied, scale, withLoss] =
      readEmbeddingOptions(config, "learned", /*defaultScale=*/false);
  double noiseNorm = config.getDouble("embedding_noise_norm", 0.0);
  int64_t noiseSeed = config.getInt("noise_seed", 0, /*minimum=*/0);
  if (absl::Status status = checkConfig(config, s); !status.ok())
    return status;
  if (!(noiseNorm >= 0) || !std::isfinite(noiseNorm))
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'embedding_noise_norm': expected a finite number >= 0, got ",
        noiseNorm));

  GraphBuilder b(context);
  Value tokens = b.input("tokens", {s.batch, seqLen}, b.i64(), s.vocab);
  Value labels =
      withLoss ? b.input("labels", {s.batch, seqLen}, b.i64(), s.vocab) : Value();
  Value step = noiseNorm > 0 ? b.stepCounter("rng.step") : Value();
  Value embedding = b.param("embedding.weight", {s.vocab, s.dModel});
  Value h;
  {
    auto scope = b.scope("embedding");
    h = embed(b, embedding, tokens, positionTable(b, sinusoidal, seqLen, s.dModel),
              seqLen, scale);
  }
  if (noiseNorm > 0) {
    auto scope = b.scope("embedding_noise");
    Value n = b.randomNormal({s.batch, seqLen, s.dModel}, noiseSeed, 0.0, 1.0,
                             {}, step);
    Value norm = b.sqrt(b.reduceSum(b.mul(n, n), {2}, /*keepdims=*/true));
    h = b.add(h, b.mul(b.scalar(noiseNorm), b.div(n, norm)));
  }
  AttentionMask causal;
  causal.causal = true;
  for (int64_t i = 0; i < layers; ++i)
    h = encoderLayer(b, absl::StrCat("layers.", i), h, s, causal);
  h = finalNorm(b, "norm", h, s);
  Value logits = outputLogits(b, h, embedding, tied, s);
  if (withLoss)
    b.output("loss", b.crossEntropy(logits, labels));
  b.output("logits", logits);
  return b.finish();
}

} // namespace tgc::frontend
