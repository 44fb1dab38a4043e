// The Transformer encoder-decoder (architectures.md §1-2): embeddings
// (models/embeddings.h), post- or pre-norm encoder and decoder layers, a final
// layer norm per side with pre-norm, fairseq's label-smoothed loss. Parameter
// names follow fairseq's (encoder.layers.0.self_attn.q_proj.weight, ...).
// Built by the factory for model.arch = transformer.
#pragma once

#include <vector>

#include "models/embeddings.h"
#include "models/encoder_decoder.h"
#include "models/transformer/decoder_layer.h"
#include "models/transformer/encoder_layer.h"

namespace ventris::models {

class Transformer : public EncoderDecoder {
 public:
  Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed);

  ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const override;
  ag::Var decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                 nn::ForwardContext& ctx) const override;

 private:
  std::vector<std::vector<Slot>> decoder_slots(const ag::Var& encoder_out) const override;
  ag::Var step_logits(const Tensor& tokens, DecoderState& state, nn::ForwardContext& eval) const override;
  // The decoder layers and the final norm, in either pass: [B, T, D] or [N, 1, D].
  ag::Var run_decoder(ag::Var x, const DecoderPass& pass, nn::ForwardContext& ctx) const;

  Embeddings embeddings_;
  std::vector<TransformerEncoderLayer> encoder_layers_;
  std::vector<TransformerDecoderLayer> decoder_layers_;
  nn::LayerNorm encoder_final_norm_, decoder_final_norm_;  // pre-norm only
};

}  // namespace ventris::models
