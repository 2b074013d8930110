//===- Models.cpp - the registry of model programs ------------------------===//

#include "frontend/models/Models.h"

#include "frontend/models/ModelPrograms.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tgc::frontend {

const std::vector<ModelInfo> &modelRegistry() {
  static const std::vector<ModelInfo> models = {
      {"transformer", "encoder-decoder Transformer (post-norm)", buildTransformer},
      {"transformer_encoder", "BERT-style encoder", buildTransformerEncoder},
      {"transformer_lm", "decoder-only causal language model", buildTransformerLm},
      {"lstm", "stacked, optionally bidirectional LSTM (tg.lstm)", buildLstm},
      {"gru", "stacked, optionally bidirectional GRU (tg.gru)", buildGru},
      {"vq", "vector-quantization bottleneck, straight-through", buildVq},
      {"vq_vae", "MLP encoder -> vq -> MLP decoder", buildVqVae},
      {"gumbel_vq", "Gumbel-softmax relaxation of vq", buildGumbelVq},
  };
  return models;
}

absl::StatusOr<ModelModule> buildModel(mlir::MLIRContext *context,
                                       const std::string &name,
                                       const std::string &configText) {
  std::vector<std::string> names;
  for (const ModelInfo &model : modelRegistry()) {
    names.push_back(model.name);
    if (model.name != name)
      continue;
    absl::StatusOr<ModelConfig> config = ModelConfig::parse(configText);
    if (!config.ok())
      return absl::InvalidArgumentError(
          absl::StrCat("model '", name, "': ", config.status().message()));
    absl::StatusOr<ModelModule> module = model.build(context, *config);
    if (!module.ok())
      return absl::InvalidArgumentError(
          absl::StrCat("model '", name, "': ", module.status().message()));
    return module;
  }
  return absl::NotFoundError(absl::StrCat("no model named '", name,
                                          "'; models: ", absl::StrJoin(names, ", ")));
}

} // namespace tgc::frontend
