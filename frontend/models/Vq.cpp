//===- Vq.cpp - Vector-quantization model programs ------------------------===//
//
// vq         a vector-quantization bottleneck (VQ-VAE, van den Oord et al.
//            2017) with the straight-through estimator
// vq_vae     MLP encoder -> vq -> MLP decoder
// gumbel_vq  the Gumbel-softmax relaxation of vq (Jang et al. 2017)
//
// All three are written in plain tg ops (matmul, reductions, argmin,
// gather, stop_gradient, ...), not tg.nearest_codeword: recognising the
// pattern is a fusion pass's job (tg-fuse-nearest-codeword, which fuses
// vq's argmin and Gumbel inference's argmax of −distances), and the plain
// form is what autodiff and the reference backend check the fused op
// against.
//
// Shared math, with z [N, D] the vectors and e [K, D] the codebook:
//   distances[n, k] = ||z_n||² − 2·z_n·e_k + ||e_k||²     [N, K]
//     (reduce_sum of squares with keepdims, matmul with transpose_b, and
//     NumPy broadcasting of [N, 1], [N, K] and [K])
//   indices[n]      = argmin_k distances[n, k]      (i64; ties: lowest k)
//   q               = gather(e, indices)                         [N, D]
//
// vq — keys: num_vectors (N, default 16), dim (D, 8), codebook_size
// (K, 32), beta (0.25, >= 0), with_loss (false).
//   input z [N, D] f32; param "codebook" [K, D].
//   quantized = z + stop_gradient(q − z)        (forward value q; the
//               gradient passes straight through to z)
//   loss      = mse(stop_gradient(z), q) + beta · mse(z, stop_gradient(q))
//               (codebook term + commitment term)
//   The loss needs no labels, so it is always a result; with_loss=true puts
//   it first, where tg-autodiff looks for the loss:
//     with_loss=false: quantized, indices, loss
//     with_loss=true:  loss, quantized, indices
//
// vq_vae — keys: batch (8), in_dim (16), hidden (32), dim (8),
// codebook_size (32), beta (0.25), with_loss (false), quantizer (vq|gumbel,
// default vq); with quantizer=gumbel also tau (1.0), tau_input (false),
// hard (true), seed (0), training (true).
//   input x [batch, in_dim] f32. Parameters named as the state_dict of
//   encoder = nn.Sequential(Linear(in_dim, hidden), ReLU, Linear(hidden, dim)),
//   vq.codebook [codebook_size, dim],
//   decoder = nn.Sequential(Linear(dim, hidden), ReLU, Linear(hidden, in_dim)):
//   encoder.0.weight/bias, encoder.2.weight/bias, vq.codebook,
//   decoder.0.weight/bias, decoder.2.weight/bias (weights [out, in]).
//   reconstruction = decoder(vq(encoder(x)).quantized)
//   loss = mse(reconstruction, x) + vq loss (as above)
//   Results: with_loss=true: loss, reconstruction, indices;
//            with_loss=false: reconstruction, indices.
//   quantizer=gumbel, a Gumbel-softmax VQ-VAE (as DALL-E's dVAE, with the
//   logits −distances to vq.codebook): the bottleneck is gumbel_vq's (below)
//   on z = encoder(x), with its keys tau, seed, training (default true
//   here) and hard (default true here: straight-through one-hot codes), and
//   beta unused. Training adds an input "rng.step" (tensor<i64>, marked
//   tg.step_counter) that is the step operand of the Gumbel draw, so the
//   noise changes every step that `tgc train` runs and repeats run to run.
//   tau_input=true makes the temperature an input "tau" (tensor<f32>)
//   instead of the constant tau, so a schedule can set it
//   (`tgc train --anneal tau=START:END:exp`).
//   loss = mse(reconstruction, x) (no codebook or commitment term: the
//   codebook gets its gradient through the soft assignments).
//   Inputs: x [, tau] [, rng.step]; results as above.
//
// gumbel_vq — keys: num_vectors (16), dim (8), codebook_size (32),
// tau (1.0, > 0), seed (0, >= 0), training (false), hard (false).
//   input z [N, D] f32; param "codebook" [K, D]; logits = −distances (no
//   extra projection, so it quantizes the same space as vq).
//   training=true:
//     u = tg.random_uniform [N, K] with `seed`, low = 1e-10, high = 1
//         (u = 1e-10 + (1 − 1e-10)·uniform01(seed, i), so log(u) is finite;
//         uniform01 < 1 keeps −log(u) > 0)
//     g = −log(−log(u))                               (Gumbel(0, 1) noise)
//     soft = softmax((logits + g) / tau, axis = 1)
//     indices = argmax(soft, axis = 1)
//     assignments = hard ? (one_hot(indices) − stop_gradient(soft)) + soft
//                        : soft
//   training=false (no noise, `seed` and `hard` unused):
//     indices = argmax(logits, axis = 1)          (= vq's indices)
//     assignments = one_hot(indices, K)
//   quantized = assignments · codebook                           [N, D]
//   Results: quantized, indices, assignments ([N, K] f32).
//
// beta and tau enter the graph as f32 constants (exact for values such as
// 0.25 or 0.5; otherwise rounded to the nearest f32).
//
//===----------------------------------------------------------------------===//

#include "frontend/GraphBuilder.h"
#include "frontend/models/ModelPrograms.h"

#include "absl/strings/str_cat.h"

#include <cmath>

using namespace mlir;

namespace tgc::frontend {
namespace {

/// The lower bound of gumbel_vq's uniform draw, keeping log(u) finite.
constexpr double kGumbelUniformLow = 1e-10;

absl::Status checkBeta(double beta) {
  if (!(beta >= 0) || !std::isfinite(beta))
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'beta': expected a finite number >= 0, got ", beta));
  return absl::OkStatus();
}

/// ||z_n||² − 2·z_n·e_k + ||e_k||² for z [N, D] and codebook [K, D]: [N, K].
Value squaredDistances(GraphBuilder &b, Value z, Value codebook) {
  auto scope = b.scope("distances");
  Value zNorm = b.reduceSum(b.mul(z, z), {1}, /*keepdims=*/true);      // [N, 1]
  Value eNorm = b.reduceSum(b.mul(codebook, codebook), {1});           // [K]
  Value dot = b.matmul(z, codebook, /*transposeA=*/false, /*transposeB=*/true);
  return b.add(b.sub(zNorm, b.mul(b.scalar(2.0), dot)), eNorm);
}

struct Quantized {
  Value quantized, indices, loss;
  Value assignments; // gumbel only
};

/// The vq bottleneck on z [N, D] (see the banner). Builds the loss only
/// when `withLoss`.
Quantized vectorQuantize(GraphBuilder &b, Value z, Value codebook, double beta,
                         bool withLoss) {
  auto scope = b.scope("vq");
  Quantized r;
  Value distances = squaredDistances(b, z, codebook);
  Value q;
  {
    auto quantizeScope = b.scope("quantize");
    r.indices = b.argmin(distances, 1);
    q = b.gather(codebook, r.indices);
    // Straight-through: the value of q, the gradient of z.
    r.quantized = b.add(z, b.stopGradient(b.sub(q, z)));
  }
  if (withLoss) {
    auto lossScope = b.scope("loss");
    Value codebookLoss = b.mse(b.stopGradient(z), q);
    Value commitmentLoss = b.mse(z, b.stopGradient(q));
    r.loss = b.add(codebookLoss, b.mul(b.scalar(beta), commitmentLoss));
  }
  return r;
}

/// linear(relu(linear(x))) for x [batch, in], with the nn.Sequential names
/// `prefix`.0 (in -> hidden) and `prefix`.2 (hidden -> out).
Value mlp(GraphBuilder &b, const std::string &prefix, Value x, int64_t in,
          int64_t hidden, int64_t out) {
  auto scope = b.scope(prefix);
  auto layer = [&](Value input, const char *index, int64_t inDim, int64_t outDim) {
    // Separate statements, so parameters are declared weight, then bias.
    Value weight = b.param(prefix + "." + index + ".weight", {outDim, inDim});
    Value bias = b.param(prefix + "." + index + ".bias", {outDim});
    return b.linear(input, weight, bias);
  };
  Value h = b.relu(layer(x, "0", in, hidden));
  return layer(h, "2", hidden, out);
}

/// The settings of the Gumbel bottleneck (see the banner).
struct GumbelOptions {
  double tau = 1.0;
  Value tauInput; // replaces the constant tau when set
  int64_t seed = 0;
  bool training = false, hard = false;
  Value step; // the noise's step operand; null: the seed's stream alone
};

/// gumbel_vq's bottleneck on z [N, D] (see the banner): quantized, indices,
/// assignments.
Quantized gumbelQuantize(GraphBuilder &b, Value z, Value codebook,
                         const GumbelOptions &o) {
  auto scope = b.scope("gumbel_vq");
  int64_t numVectors = b.shapeOf(z)[0];
  int64_t codebookSize = b.shapeOf(codebook)[0];
  Quantized r;
  Value logits = b.neg(squaredDistances(b, z, codebook));
  if (o.training) {
    Value gumbel;
    {
      auto noiseScope = b.scope("gumbel_noise");
      Value u = b.randomUniform({numVectors, codebookSize}, o.seed,
                                kGumbelUniformLow, 1.0, {}, o.step);
      gumbel = b.neg(b.log(b.neg(b.log(u))));
    }
    auto sampleScope = b.scope("sample");
    Value perturbed = b.add(logits, gumbel);
    Value tau = o.tauInput ? o.tauInput : b.scalar(o.tau);
    Value soft = b.softmax(b.div(perturbed, tau), 1);
    r.indices = b.argmax(soft, 1);
    r.assignments = soft;
    if (o.hard) {
      // Straight-through: the value of the one-hot, the gradient of soft.
      Value oneHot = b.oneHot(r.indices, codebookSize, b.f32());
      r.assignments = b.add(b.sub(oneHot, b.stopGradient(soft)), soft);
    }
  } else {
    auto sampleScope = b.scope("sample");
    r.indices = b.argmax(logits, 1);
    r.assignments = b.oneHot(r.indices, codebookSize, b.f32());
  }
  auto quantizeScope = b.scope("quantize");
  r.quantized = b.matmul(r.assignments, codebook);
  return r;
}

absl::Status checkTau(double tau) {
  if (!(tau > 0) || !std::isfinite(tau))
    return absl::InvalidArgumentError(absl::StrCat(
        "config key 'tau': expected a finite number > 0, got ", tau));
  return absl::OkStatus();
}

} // namespace

absl::StatusOr<ModelModule> buildVq(MLIRContext *context, ModelConfig &config) {
  int64_t numVectors = config.getInt("num_vectors", 16);
  int64_t dim = config.getInt("dim", 8);
  int64_t codebookSize = config.getInt("codebook_size", 32);
  double beta = config.getDouble("beta", 0.25);
  bool withLoss = config.getBool("with_loss", false);
  if (absl::Status status = config.status(); !status.ok())
    return status;
  if (absl::Status status = checkBeta(beta); !status.ok())
    return status;

  GraphBuilder b(context);
  Value z = b.input("z", {numVectors, dim});
  Value codebook = b.param("codebook", {codebookSize, dim});
  Quantized vq = vectorQuantize(b, z, codebook, beta, /*withLoss=*/true);
  if (withLoss)
    b.output("loss", vq.loss);
  b.output("quantized", vq.quantized);
  b.output("indices", vq.indices);
  if (!withLoss)
    b.output("loss", vq.loss);
  return b.finish();
}

absl::StatusOr<ModelModule> buildVqVae(MLIRContext *context, ModelConfig &config) {
  int64_t batch = config.getInt("batch", 8);
  int64_t inDim = config.getInt("in_dim", 16);
  int64_t hidden = config.getInt("hidden", 32);
  int64_t dim = config.getInt("dim", 8);
  int64_t codebookSize = config.getInt("codebook_size", 32);
  double beta = config.getDouble("beta", 0.25);
  bool withLoss = config.getBool("with_loss", false);
  bool gumbel = config.getChoice("quantizer", "vq", {"vq", "gumbel"}) == "gumbel";
  // The Gumbel keys are read only with quantizer=gumbel, so with vq they
  // are unknown keys (an error) rather than silently ignored.
  GumbelOptions gumbelOptions;
  bool tauInput = false;
  if (gumbel) {
    gumbelOptions.tau = config.getDouble("tau", 1.0);
    tauInput = config.getBool("tau_input", false);
    gumbelOptions.hard = config.getBool("hard", true);
    gumbelOptions.seed = config.getInt("seed", 0, /*minimum=*/0);
    gumbelOptions.training = config.getBool("training", true);
  }
  if (absl::Status status = config.status(); !status.ok())
    return status;
  if (absl::Status status = checkBeta(beta); !status.ok())
    return status;
  if (absl::Status status = checkTau(gumbelOptions.tau); !status.ok())
    return status;

  GraphBuilder b(context);
  Value x = b.input("x", {batch, inDim});
  if (tauInput)
    gumbelOptions.tauInput = b.input("tau", {});
  if (gumbelOptions.training)
    gumbelOptions.step = b.stepCounter("rng.step");
  Value z = mlp(b, "encoder", x, inDim, hidden, dim);
  Value codebook = b.param("vq.codebook", {codebookSize, dim});
  Quantized vq = gumbel ? gumbelQuantize(b, z, codebook, gumbelOptions)
                        : vectorQuantize(b, z, codebook, beta, withLoss);
  Value reconstruction = mlp(b, "decoder", vq.quantized, dim, hidden, inDim);
  if (withLoss) {
    Value loss;
    {
      auto scope = b.scope("loss");
      loss = b.mse(reconstruction, x);
      if (!gumbel)
        loss = b.add(loss, vq.loss);
    }
    b.output("loss", loss);
  }
  b.output("reconstruction", reconstruction);
  b.output("indices", vq.indices);
  return b.finish();
}

absl::StatusOr<ModelModule> buildGumbelVq(MLIRContext *context,
                                          ModelConfig &config) {
  int64_t numVectors = config.getInt("num_vectors", 16);
  int64_t dim = config.getInt("dim", 8);
  int64_t codebookSize = config.getInt("codebook_size", 32);
  double tau = config.getDouble("tau", 1.0);
  int64_t seed = config.getInt("seed", 0, /*minimum=*/0);
  bool training = config.getBool("training", false);
  bool hard = config.getBool("hard", false);
  if (absl::Status status = config.status(); !status.ok())
    return status;
  if (absl::Status status = checkTau(tau); !status.ok())
    return status;

  GraphBuilder b(context);
  Value z = b.input("z", {numVectors, dim});
  Value codebook = b.param("codebook", {codebookSize, dim});
  GumbelOptions options;
  options.tau = tau;
  options.seed = seed;
  options.training = training;
  options.hard = hard;
  Quantized r = gumbelQuantize(b, z, codebook, options);
  Value quantized = r.quantized, indices = r.indices, assignments = r.assignments;
  b.output("quantized", quantized);
  b.output("indices", indices);
  b.output("assignments", assignments);
  return b.finish();
}

} // namespace tgc::frontend
