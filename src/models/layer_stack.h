// An encoder-decoder that is a stack of independent layers between the shared
// embeddings and output layer (models/embeddings.h): the shape of every family
// whose layers talk only through the hidden states (the Transformer, the Lite
// Transformer). A family supplies its two layer types:
//
//   EncoderLayer(params, prefix, index, config, seed)   or without `index`
//     ag::Var forward(x [B, S, D], padding [B, S] I32, ctx)
//   DecoderLayer(params, prefix, index, config, seed)   or without `index`
//     std::vector<Slot> start_slots(encoder_out [B, S, D])
//     ag::Var forward(x [B, T, D] or [N, 1, D], const LayerPass&, ctx)
//
// Layers are named encoder.layers.<i> / decoder.layers.<i>; with pre-norm a
// final LayerNorm closes each side (encoder.layer_norm, decoder.layer_norm).
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "models/embeddings.h"
#include "models/decoder_pass.h"
#include "models/encoder_decoder.h"

namespace ventris::models {

template <class EncoderLayer, class DecoderLayer>
class LayerStack : public EncoderDecoder {
 public:
  LayerStack(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
      : EncoderDecoder(config, vocab), embeddings_(params_, config_, vocab_, seed) {
    for (int i = 0; i < config_.encoder_layers; ++i)
      encoder_layers_.push_back(make_layer<EncoderLayer>("encoder.layers.", i, seed));
    for (int i = 0; i < config_.decoder_layers; ++i)
      decoder_layers_.push_back(make_layer<DecoderLayer>("decoder.layers.", i, seed));
    if (config_.normalize_before) {
      encoder_final_norm_ = nn::LayerNorm(params_, "encoder.layer_norm", config_.d_model);
      decoder_final_norm_ = nn::LayerNorm(params_, "decoder.layer_norm", config_.d_model);
    }
  }

  ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const override {
    const Tensor pad = padding_mask(src);
    ag::Var x = embeddings_.encoder(src, ctx);
    for (const EncoderLayer& layer : encoder_layers_) x = layer.forward(x, pad, ctx);
    return config_.normalize_before ? encoder_final_norm_(x) : x;
  }

  ag::Var decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                 nn::ForwardContext& ctx) const override {
    const ag::Var x = run_decoder(embeddings_.decoder(tgt_in, ctx), DecoderPass::full(encoder_out, src_padding), ctx);
    return embeddings_.output_logits(x);  // [B, T, V], no bias
  }

 private:
  template <class Layer>
  Layer make_layer(const char* side, int index, uint64_t seed) {
    const std::string prefix = side + std::to_string(index);
    if constexpr (std::is_constructible_v<Layer, ag::ParameterSet&, const std::string&, int, const ModelConfig&,
                                          uint64_t>)
      return Layer(params_, prefix, index, config_, seed);
    else
      return Layer(params_, prefix, config_, seed);
  }

  std::vector<std::vector<Slot>> decoder_slots(const ag::Var& encoder_out) const override {
    std::vector<std::vector<Slot>> layers;
    for (const DecoderLayer& layer : decoder_layers_) layers.push_back(layer.start_slots(encoder_out));
    return layers;
  }

  ag::Var step_logits(const Tensor& tokens, DecoderState& state, nn::ForwardContext& eval) const override {
    const ag::Var embedded = embeddings_.decoder(tokens, eval, state.steps);  // [N, 1, D]
    const ag::Var x = run_decoder(embedded, DecoderPass::step(state), eval);
    return embeddings_.output_logits(ag::reshape(x, {tokens.size(0), config_.d_model}));  // [N, V]
  }

  // The decoder layers and the final norm, in either pass: [B, T, D] or [N, 1, D].
  ag::Var run_decoder(ag::Var x, const DecoderPass& pass, nn::ForwardContext& ctx) const {
    for (size_t i = 0; i < decoder_layers_.size(); ++i) x = decoder_layers_[i].forward(x, LayerPass{pass, i}, ctx);
    return config_.normalize_before ? decoder_final_norm_(x) : x;
  }

  Embeddings embeddings_;
  std::vector<EncoderLayer> encoder_layers_;
  std::vector<DecoderLayer> decoder_layers_;
  nn::LayerNorm encoder_final_norm_, decoder_final_norm_;  // pre-norm only
};

}  // namespace ventris::models
