// The Lite Transformer encoder-decoder (architectures.md §3, Wu et al. 2020):
// the Transformer's embeddings, output layer and loss around Lite layers
// (models/lite/lite_layers.h). Built by the factory for model.arch = lite;
// its keys are in models/lite/lite_config.h.
#pragma once

#include "models/layer_stack.h"
#include "models/lite/lite_layers.h"

namespace ventris::models {

class LiteTransformer : public LayerStack<LiteEncoderLayer, LiteDecoderLayer> {
 public:
  using LayerStack::LayerStack;
};

}  // namespace ventris::models
