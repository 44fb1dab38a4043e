// An encoder-decoder built the Transformer's way (architectures.md §1-2):
// embeddings (models/embeddings.h), a stack of encoder layers, a stack of
// decoder layers written once for both decoder passes, a final layer norm
// per side with pre-norm, the output projection. A family that only changes
// its layers (the Transformer, LazyFormer) derives from it with its layer
// types and a maker for each layer.
//
// A layer type may declare `struct Carry`: state handed from each layer to
// the next within one pass or one decoding step (LazyFormer's shared
// attention distributions); its forward then takes a `Carry&` before the
// context. Parameters register in the order: embeddings, encoder layers,
// decoder layers, final norms.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/decoder_pass.h"
#include "models/embeddings.h"
#include "models/encoder_decoder.h"

namespace ventris::models {

namespace detail {
struct NoCarry {};
template <class Layer>
struct CarryOf {
  using type = NoCarry;
};
template <class Layer>
  requires requires { typename Layer::Carry; }
struct CarryOf<Layer> {
  using type = typename Layer::Carry;
};
template <class Layer>
constexpr bool kCarries = requires { typename Layer::Carry; };
}  // namespace detail

template <class EncoderLayer, class DecoderLayer>
class LayerStackModel : public EncoderDecoder {
 public:
  ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const override {
    const Tensor pad = padding_mask(src);
    ag::Var x = embeddings_.encoder(src, ctx);
    [[maybe_unused]] typename detail::CarryOf<EncoderLayer>::type carry;
    for (const EncoderLayer& layer : encoder_layers_) {
      if constexpr (detail::kCarries<EncoderLayer>) x = layer.forward(x, pad, carry, ctx);
      else x = layer.forward(x, pad, ctx);
    }
    return config_.normalize_before ? encoder_final_norm_(x) : x;
  }

  ag::Var decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                 nn::ForwardContext& ctx) const override {
    const ag::Var x = run_decoder(embeddings_.decoder(tgt_in, ctx), DecoderPass::full(encoder_out, src_padding), ctx);
    return embeddings_.output_logits(x);  // [B, T, V], no bias
  }

 protected:
  // Makes the layer at `index` with parameters under `prefix` (encoder.layers.<i>, decoder.layers.<i>).
  template <class Layer>
  using LayerMaker = std::function<Layer(ag::ParameterSet& params, const std::string& prefix, int index)>;

  LayerStackModel(const ModelConfig& config, const Vocab& vocab, uint64_t seed,
                  const LayerMaker<EncoderLayer>& make_encoder_layer,
                  const LayerMaker<DecoderLayer>& make_decoder_layer)
      : EncoderDecoder(config, vocab), embeddings_(params_, config_, vocab_, seed) {
    for (int i = 0; i < config_.encoder_layers; ++i)
      encoder_layers_.push_back(make_encoder_layer(params_, "encoder.layers." + std::to_string(i), i));
    for (int i = 0; i < config_.decoder_layers; ++i)
      decoder_layers_.push_back(make_decoder_layer(params_, "decoder.layers." + std::to_string(i), i));
    if (config_.normalize_before) {
      encoder_final_norm_ = nn::LayerNorm(params_, "encoder.layer_norm", config_.d_model);
      decoder_final_norm_ = nn::LayerNorm(params_, "decoder.layer_norm", config_.d_model);
    }
  }

 private:
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
    [[maybe_unused]] typename detail::CarryOf<DecoderLayer>::type carry;  // this pass's (or step's) only
    for (size_t i = 0; i < decoder_layers_.size(); ++i) {
      if constexpr (detail::kCarries<DecoderLayer>) x = decoder_layers_[i].forward(x, LayerPass{pass, i}, carry, ctx);
      else x = decoder_layers_[i].forward(x, LayerPass{pass, i}, ctx);
    }
    return config_.normalize_before ? decoder_final_norm_(x) : x;
  }

  Embeddings embeddings_;
  std::vector<EncoderLayer> encoder_layers_;
  std::vector<DecoderLayer> decoder_layers_;
  nn::LayerNorm encoder_final_norm_, decoder_final_norm_;  // pre-norm only
};

}  // namespace ventris::models
