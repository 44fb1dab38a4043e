// LazyFormer (architectures.md §4): the Transformer encoder-decoder whose
// attention sub-layers are grouped into blocks that share one attention
// distribution — encoder self-attention (the paper's mechanism, §4.1),
// decoder self- and cross-attention (our extension, §4.2-4.3), each with its
// own block sizes (model.lazy_blocks_*; models/lazyformer/lazy_config.h).
// Embeddings, norms, loss and parameter names are the Transformer's
// (models/layer_stack_model.h); with every block of size 1 the model is the
// Transformer, parameter for parameter and bit for bit. Built by the factory
// for model.arch = lazyformer.
#pragma once

#include "models/layer_stack_model.h"
#include "models/lazyformer/decoder_layer.h"
#include "models/lazyformer/encoder_layer.h"

namespace ventris::models {

class LazyFormer : public LayerStackModel<LazyEncoderLayer, LazyDecoderLayer> {
 public:
  LazyFormer(const ModelConfig& config, const Vocab& vocab, uint64_t seed);
};

}  // namespace ventris::models
