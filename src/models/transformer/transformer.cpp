#include "models/transformer/transformer.h"


namespace ventris::models {

Transformer::Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : EncoderDecoder(config, vocab), embeddings_(params_, config_, vocab_, seed) {
  for (int i = 0; i < config_.encoder_layers; ++i)
    encoder_layers_.emplace_back(params_, "encoder.layers." + std::to_string(i), config_, seed);
  for (int i = 0; i < config_.decoder_layers; ++i)
    decoder_layers_.emplace_back(params_, "decoder.layers." + std::to_string(i), config_, seed);
  if (config_.normalize_before) {
    encoder_final_norm_ = nn::LayerNorm(params_, "encoder.layer_norm", config_.d_model);
    decoder_final_norm_ = nn::LayerNorm(params_, "decoder.layer_norm", config_.d_model);
  }
}

ag::Var Transformer::encode(const Tensor& src, nn::ForwardContext& ctx) const {
  const Tensor pad = padding_mask(src);
  ag::Var x = embeddings_.encoder(src, ctx);
  for (const TransformerEncoderLayer& layer : encoder_layers_) x = layer.forward(x, pad, ctx);
  return config_.normalize_before ? encoder_final_norm_(x) : x;
}

ag::Var Transformer::run_decoder(ag::Var x, const DecoderPass& pass, nn::ForwardContext& ctx) const {
  for (size_t i = 0; i < decoder_layers_.size(); ++i) x = decoder_layers_[i].forward(x, LayerPass{pass, i}, ctx);
  return config_.normalize_before ? decoder_final_norm_(x) : x;
}

ag::Var Transformer::decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                            nn::ForwardContext& ctx) const {
  const ag::Var x = run_decoder(embeddings_.decoder(tgt_in, ctx), DecoderPass::full(encoder_out, src_padding), ctx);
  return embeddings_.output_logits(x);  // [B, T, V], no bias
}

std::vector<std::vector<Slot>> Transformer::decoder_slots(const ag::Var& encoder_out) const {
  std::vector<std::vector<Slot>> layers;
  for (const TransformerDecoderLayer& layer : decoder_layers_) layers.push_back(layer.start_slots(encoder_out));
  return layers;
}

ag::Var Transformer::step_logits(const Tensor& tokens, DecoderState& state, nn::ForwardContext& eval) const {
  const ag::Var embedded = embeddings_.decoder(tokens, eval, state.steps);  // [N, 1, D]
  const ag::Var x = run_decoder(embedded, DecoderPass::step(state), eval);
  return embeddings_.output_logits(ag::reshape(x, {tokens.size(0), config_.d_model}));  // [N, V]
}

}  // namespace ventris::models
