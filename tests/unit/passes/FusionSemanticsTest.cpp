//===- FusionSemanticsTest.cpp - tg-optimize never changes a result -------===//
//
// A seeded, randomized corpus of small graphs, built from the patterns the
// fusion passes recognize and from their near misses, plus every model
// program: each is run on the float64 reference backend before and after
// tg-optimize, with the same seeded random arguments, and must agree to
// 1e-12 relative. The corpus also checks that the fusable spellings do fuse
// (and the near misses do not), so a pass that silently stops firing fails.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "passes/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <tuple>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kTolerance = 1e-12;

mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
  return *module.getOps<mlir::func::FuncOp>().begin();
}

std::vector<reference::RefValue> run(mlir::ModuleOp module,
                                     const std::vector<Tensor> &args) {
  absl::StatusOr<std::vector<reference::RefValue>> out =
      reference::evaluateInFloat64(mainOf(module), args);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<reference::RefValue>{};
}


int count(mlir::ModuleOp module, llvm::StringRef opName) {
  int n = 0;
  module.walk([&](mlir::Operation *op) { n += op->getName().getStringRef() == opName; });
  return n;
}

/// Runs `module` before and after tg-optimize and compares every output.
void expectOptimizePreservesResults(mlir::ModuleOp module, uint64_t seed) {
  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(module));
  ASSERT_TRUE(signature.ok()) << signature.status();
  std::vector<Tensor> args;
  for (auto [position, arg] : llvm::enumerate(signature->arguments))
    args.push_back(randomTensor(arg.tensor, seed, position, arg.indexBound));
  std::vector<reference::RefValue> before = run(module, args);

  mlir::PassManager pm(module.getContext());
  buildOptimizePipeline(pm, OptimizeOptions());
  ASSERT_TRUE(mlir::succeeded(pm.run(module)));
  std::vector<reference::RefValue> after = run(module, args);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i)
    EXPECT_LE(reference::relativeError(after[i], before[i]), kTolerance)
        << "output " << signature->results[i].name;
}

/// One attention block in a randomly chosen spelling, or a near miss.
struct AttentionCase {
  enum class Scale { OnScores, DivideScores, OnQuery } scale;
  enum class Mask { None, AdditiveFloat, KeepSelect, DropSelect, CausalIota,
                    CausalConstant } mask;
  bool explicitTranspose;
  enum class Miss { None, SoftmaxAxis, ProbsReturned, GrowingMask } miss;
  int64_t batch, heads, lq, lk, d;
};

AttentionCase drawAttentionCase(std::mt19937 &rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  AttentionCase c;
  c.scale = static_cast<AttentionCase::Scale>(pick(3));
  c.mask = static_cast<AttentionCase::Mask>(pick(6));
  c.explicitTranspose = pick(2);
  c.miss = pick(3) == 0 ? static_cast<AttentionCase::Miss>(1 + pick(3))
                        : AttentionCase::Miss::None;
  c.batch = 1 + pick(2);
  c.heads = 1 + pick(3);
  c.lq = 1 + pick(5);
  bool causal = c.mask == AttentionCase::Mask::CausalIota ||
                c.mask == AttentionCase::Mask::CausalConstant;
  c.lk = causal ? c.lq : 1 + pick(5);
  c.d = 1 + pick(4);
  return c;
}

mlir::OwningOpRef<mlir::ModuleOp> buildAttention(mlir::MLIRContext *context,
                                                 const AttentionCase &c) {
  GraphBuilder b(context);
  int64_t B = c.batch, H = c.heads;
  Value q = b.input("q", {B, H, c.lq, c.d});
  Value k = b.input("k", {B, H, c.lk, c.d});
  Value v = b.input("v", {B, H, c.lk, c.d});
  double scale = 1.0 / std::sqrt(double(c.d));
  if (c.scale == AttentionCase::Scale::OnQuery)
    q = b.mul(q, b.scalar(scale));
  Value scores = c.explicitTranspose
                     ? b.matmul(q, b.transpose(k, {0, 1, 3, 2}))
                     : b.matmul(q, k, false, true);
  if (c.scale == AttentionCase::Scale::OnScores)
    scores = b.mul(b.scalar(scale), scores);
  else if (c.scale == AttentionCase::Scale::DivideScores)
    scores = b.div(scores, b.scalar(std::sqrt(double(c.d))));

  Value negInf = b.scalar(-std::numeric_limits<double>::infinity());
  switch (c.mask) {
  case AttentionCase::Mask::None:
    break;
  case AttentionCase::Mask::AdditiveFloat:
    scores = b.add(scores, b.input("mask", {B, 1, 1, c.lk}));
    break;
  case AttentionCase::Mask::KeepSelect:
    scores = b.select(b.input("keep", {B, 1, c.lq, c.lk}, b.i1()), scores, negInf);
    break;
  case AttentionCase::Mask::DropSelect:
    scores = b.select(b.input("drop", {B, 1, 1, c.lk}, b.i1()), negInf, scores);
    break;
  case AttentionCase::Mask::CausalIota: {
    Value row = b.iota({c.lq, c.lk}, 0), col = b.iota({c.lq, c.lk}, 1);
    scores = b.select(b.compare(tg::CompareDirection::LE, col, row), scores, negInf);
    break;
  }
  case AttentionCase::Mask::CausalConstant: {
    std::vector<float> table(c.lq * c.lk);
    for (int64_t i = 0; i < c.lq; ++i)
      for (int64_t j = 0; j < c.lk; ++j)
        table[i * c.lk + j] = j <= i ? 0.0f : -std::numeric_limits<float>::infinity();
    scores = b.add(scores, b.constant({c.lq, c.lk}, table));
    break;
  }
  }
  if (c.miss == AttentionCase::Miss::GrowingMask)
    scores = b.add(scores, b.input("grow", {2, B, H, c.lq, c.lk}));
  Value probs = b.softmax(scores, c.miss == AttentionCase::Miss::SoftmaxAxis ? -2 : -1);
  Value out = b.matmul(probs, c.miss == AttentionCase::Miss::GrowingMask
                                  ? b.broadcastTo(v, {2, B, H, c.lk, c.d})
                                  : v);
  b.output("out", out);
  if (c.miss == AttentionCase::Miss::ProbsReturned)
    b.output("probs", probs);
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  return module.ok() ? std::move(*module) : nullptr;
}

TEST(FusionSemantics, RandomizedAttentionCorpus) {
  std::mt19937 rng(20261122);
  int fused = 0, missed = 0;
  for (int i = 0; i < 200; ++i) {
    AttentionCase c = drawAttentionCase(rng);
    SCOPED_TRACE("case " + std::to_string(i) + " scale " +
                 std::to_string(int(c.scale)) + " mask " +
                 std::to_string(int(c.mask)) + " miss " + std::to_string(int(c.miss)));
    mlir::MLIRContext context;
    mlir::OwningOpRef<mlir::ModuleOp> module = buildAttention(&context, c);
    ASSERT_TRUE(module);
    expectOptimizePreservesResults(*module, /*seed=*/i);
    int attention = count(*module, "tg.attention");
    if (c.miss == AttentionCase::Miss::None) {
      EXPECT_EQ(attention, 1) << "a fusable spelling did not fuse";
      EXPECT_EQ(count(*module, "tg.softmax"), 0);
      fused += attention;
    } else {
      EXPECT_EQ(attention, 0) << "a near miss fused";
      missed += attention == 0;
    }
  }
  EXPECT_GT(fused, 100);
  EXPECT_GT(missed, 20);
}

TEST(FusionSemantics, RandomizedLayerNormAndEpilogueCorpus) {
  std::mt19937 rng(7);
  for (int i = 0; i < 100; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    mlir::MLIRContext context;
    GraphBuilder b(&context);
    int64_t rows = 1 + rng() % 4, in = 1 + rng() % 5, out = 1 + rng() % 6;
    Value x = b.input("x", {rows, in});
    Value w = b.param("w", {out, in});
    Value h = b.matmul(x, w, false, true);
    if (rng() % 2)
      h = b.add(h, b.param("bias", {out}));
    switch (rng() % 4) {
    case 0: h = b.relu(h); break;
    case 1: h = b.gelu(h, tg::GeluApproximation::Erf); break;
    case 2: h = b.gelu(h, tg::GeluApproximation::Tanh); break;
    default: break;
    }
    Value residual = b.input("residual", {rows, out});
    Value sum = b.add(residual, h);
    bool affine = rng() % 2;
    Value norm = b.layerNorm(sum, affine ? b.param("g", {out}) : Value(),
                             affine ? b.param("beta", {out}) : Value(), -1,
                             1e-5 * (1 + rng() % 3));
    b.output("y", norm);
    if (rng() % 2)
      b.output("sum", sum); // pre-norm stacks keep the residual stream
    auto module = b.finish();
    ASSERT_TRUE(module.ok()) << module.status();
    expectOptimizePreservesResults(**module, i);
    EXPECT_EQ(count(**module, "tg.add_layer_norm"), 1);
    EXPECT_EQ(count(**module, "tg.layer_norm"), 0);
  }
}

TEST(FusionSemantics, ModelPrograms) {
  const std::pair<const char *, const char *> models[] = {
      {"transformer", "vocab=31,d_model=8,heads=2,d_ff=12,enc_layers=2,"
                      "dec_layers=2,batch=2,src_len=5,tgt_len=4,with_loss=true"},
      {"transformer_encoder", "vocab=31,d_model=8,heads=2,d_ff=12,layers=2,"
                              "batch=2,seq_len=5,padding_mask=true"},
      {"transformer_lm", "vocab=31,d_model=8,heads=2,d_ff=12,layers=2,batch=2,"
                         "seq_len=6,with_loss=true"},
      {"lstm", "input_size=3,hidden_size=4,layers=2,bidirectional=true,batch=2,"
               "seq_len=3"},
      {"gru", "input_size=3,hidden_size=4,layers=1,batch=2,seq_len=3"},
  };
  for (auto [name, config] : models) {
    SCOPED_TRACE(name);
    mlir::MLIRContext context;
    absl::StatusOr<frontend::ModelModule> module =
        frontend::buildModel(&context, name, config);
    ASSERT_TRUE(module.ok()) << module.status();
    expectOptimizePreservesResults(**module, 5);
  }
}

// The vector-quantization programs: the codeword search fuses into one
// tg.nearest_codeword where only an argmin (or the argmax of the negated
// distances) reads the distances, and not where a Gumbel softmax also does.
TEST(FusionSemantics, VqPrograms) {
  const std::tuple<const char *, const char *, int> models[] = {
      {"vq", "num_vectors=9,dim=3,codebook_size=7,with_loss=true", 1},
      {"vq_vae", "batch=5,in_dim=4,hidden=6,dim=3,codebook_size=5,with_loss=true", 1},
      {"gumbel_vq", "num_vectors=9,dim=3,codebook_size=7", 1},
      {"gumbel_vq", "num_vectors=9,dim=3,codebook_size=7,training=true,hard=true", 0},
      {"vq_vae", "batch=5,in_dim=4,hidden=6,dim=3,codebook_size=5,quantizer=gumbel", 0},
  };
  for (auto [name, config, fused] : models) {
    SCOPED_TRACE(std::string(name) + " " + config);
    mlir::MLIRContext context;
    absl::StatusOr<frontend::ModelModule> module =
        frontend::buildModel(&context, name, config);
    ASSERT_TRUE(module.ok()) << module.status();
    expectOptimizePreservesResults(**module, 5);
    EXPECT_EQ(count(**module, "tg.nearest_codeword"), fused);
    EXPECT_EQ(count(**module, "tg.argmin") + count(**module, "tg.argmax"), 1 - fused);
  }
}

} // namespace
} // namespace tgc
