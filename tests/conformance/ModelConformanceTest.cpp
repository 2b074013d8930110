//===- ModelConformanceTest.cpp - every model program on every backend ----===//
//
// Each model program (frontend/models) at a small config, with seeded
// random weights and inputs, run by the harness on every registered
// backend against the float64 reference under the tolerance of the model's
// op families. Training and inference forms both run where a model has
// them.
//
// The command-line form is `tgc model NAME --config ... > MODEL.mlir` then
// `tgc conformance MODEL.mlir`.
//
//===----------------------------------------------------------------------===//

#include "tests/conformance/ConformanceHarness.h"

#include "frontend/models/Models.h"

#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

namespace tgc::conformance {
namespace {

struct ModelCase {
  std::string test;   // the test name
  std::string model;  // the registry name
  std::string config; // key=value,...
};

const char *const kTransformer = "vocab=37,d_model=16,heads=2,d_ff=24,batch=2";

std::vector<ModelCase> modelCases() {
  std::string t = kTransformer;
  return {
      {"transformer_with_loss", "transformer",
       t + ",enc_layers=1,dec_layers=1,src_len=5,tgt_len=7,with_loss=true"},
      {"transformer_inference", "transformer",
       t + ",enc_layers=1,dec_layers=2,src_len=7,tgt_len=5,activation=gelu"},
      {"transformer_encoder_padding_mask", "transformer_encoder",
       t + ",layers=2,seq_len=7,padding_mask=true"},
      {"transformer_encoder_no_mask_no_dropout", "transformer_encoder",
       t + ",layers=1,seq_len=5,dropout=0"},
      {"transformer_lm_with_loss", "transformer_lm", t + ",layers=2,seq_len=7,with_loss=true"},
      {"transformer_lm_inference", "transformer_lm", t + ",layers=1,seq_len=5"},
      {"lstm_bidirectional_2_layers", "lstm",
       "input_size=5,hidden_size=6,layers=2,bidirectional=true,batch=2,seq_len=5"},
      {"lstm_1_layer_with_loss", "lstm",
       "input_size=5,hidden_size=6,layers=1,batch=3,seq_len=4,with_loss=true"},
      {"gru_1_layer", "gru", "input_size=5,hidden_size=6,layers=1,batch=3,seq_len=4"},
      {"gru_bidirectional_2_layers_with_loss", "gru",
       "input_size=5,hidden_size=6,layers=2,bidirectional=true,batch=2,seq_len=5,"
       "with_loss=true"},
      {"vq_training", "vq", "num_vectors=13,dim=4,codebook_size=7,with_loss=true"},
      {"vq_inference", "vq", "num_vectors=13,dim=4,codebook_size=7"},
      {"vq_vae_training", "vq_vae",
       "batch=5,in_dim=7,hidden=9,dim=4,codebook_size=7,with_loss=true"},
      {"vq_vae_inference", "vq_vae", "batch=5,in_dim=7,hidden=9,dim=4,codebook_size=7"},
      {"gumbel_vq_training", "gumbel_vq",
       "num_vectors=13,dim=4,codebook_size=7,training=true,seed=3"},
      {"gumbel_vq_training_hard", "gumbel_vq",
       "num_vectors=13,dim=4,codebook_size=7,training=true,hard=true,seed=5"},
      {"gumbel_vq_inference", "gumbel_vq", "num_vectors=13,dim=4,codebook_size=7"},
      // The Gumbel VQ-VAE (noise with a step operand) and the embedding
      // noise of transformer_lm: their rng.step input is a random 0 or 1.
      {"vq_vae_gumbel_training", "vq_vae",
       "batch=5,in_dim=7,hidden=9,dim=4,codebook_size=7,with_loss=true,"
       "quantizer=gumbel,tau=0.5,seed=3"},
      {"transformer_lm_embedding_noise", "transformer_lm",
       t + ",layers=1,seq_len=5,with_loss=true,embedding_noise_norm=0.5,noise_seed=4"},
  };
}

void PrintTo(const ModelCase &c, std::ostream *os) {
  *os << c.model << " --config " << c.config;
}

class ModelConformanceTest : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ModelConformanceTest, MatchesReferenceOnEveryBackend) {
  const ModelCase &c = GetParam();
  mlir::MLIRContext context;
  loadDialects(context);
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context, c.model, c.config);
  ASSERT_TRUE(module.ok()) << module.status();
  EXPECT_TRUE(conformsOnEveryBackend(**module))
      << "model " << c.model << " --config " << c.config;
}

/// Every model in the registry has at least one case here.
TEST(ModelConformanceCoverageTest, EveryModelProgramHasACase) {
  std::vector<ModelCase> cases = modelCases();
  for (const frontend::ModelInfo &model : frontend::modelRegistry()) {
    bool found = false;
    for (const ModelCase &c : cases)
      found |= c.model == model.name;
    EXPECT_TRUE(found) << "no conformance case for model '" << model.name << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(AllModels, ModelConformanceTest,
                         ::testing::ValuesIn(modelCases()),
                         [](const ::testing::TestParamInfo<ModelCase> &info) {
                           return info.param.test;
                         });

} // namespace
} // namespace tgc::conformance
