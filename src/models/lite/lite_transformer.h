// The Lite Transformer encoder-decoder (architectures.md §3, Wu et al. 2020):
// the Transformer's embeddings, output layer and loss
// (models/layer_stack_model.h) around Lite layers (models/lite/lite_layers.h),
// each layer taking its kernel size from the per-layer lists. Built by the
// factory for model.arch = lite; its keys are in models/lite/lite_config.h.
#pragma once

#include "models/layer_stack_model.h"
#include "models/lite/lite_layers.h"

namespace ventris::models {

class LiteTransformer : public LayerStackModel<LiteEncoderLayer, LiteDecoderLayer> {
 public:
  LiteTransformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed);
};

}  // namespace ventris::models
