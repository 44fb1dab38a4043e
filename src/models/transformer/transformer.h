// The Transformer encoder-decoder (architectures.md §1-2): embeddings
// (models/embeddings.h), post- or pre-norm encoder and decoder layers, a final
// layer norm per side with pre-norm, fairseq's label-smoothed loss
// (models/layer_stack_model.h). Parameter names follow fairseq's
// (encoder.layers.0.self_attn.q_proj.weight, ...). Built by the factory for
// model.arch = transformer.
#pragma once

#include "models/layer_stack_model.h"
#include "models/transformer/decoder_layer.h"
#include "models/transformer/encoder_layer.h"

namespace ventris::models {

class Transformer : public LayerStackModel<TransformerEncoderLayer, TransformerDecoderLayer> {
 public:
  Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed);
};

}  // namespace ventris::models
