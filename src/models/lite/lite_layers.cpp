#include "models/lite/lite_layers.h"

#include "nn/residual.h"

namespace ventris::models {

LiteEncoderLayer::LiteEncoderLayer(ag::ParameterSet& params, const std::string& p, int index, const ModelConfig& c,
                                   uint64_t seed)
    : self_attn(params, p + ".self_attn", c.lite.branch_specs(c.d_model), c.lite.encoder_kernel_sizes.at(index),
                static_cast<float>(c.attention_dropout), c.lite, seed),
      self_attn_layer_norm(params, p + ".self_attn_layer_norm", c.d_model),
      final_layer_norm(params, p + ".final_layer_norm", c.d_model),
      ffn(params, p, c.d_model, c.ffn_dim, c.activation, static_cast<float>(c.activation_dropout), seed),
      normalize_before(c.normalize_before),
      dropout(static_cast<float>(c.dropout)) {}

ag::Var LiteEncoderLayer::forward(const ag::Var& x, const Tensor& padding, nn::ForwardContext& ctx) const {
  ag::Var h = nn::residual(x, self_attn_layer_norm, normalize_before, dropout, ctx,
                           [&](const ag::Var& in) { return self_attn.encode(in, padding, ctx); });
  return nn::residual(h, final_layer_norm, normalize_before, dropout, ctx,
                      [&](const ag::Var& in) { return ffn(in, ctx); });
}

LiteDecoderLayer::LiteDecoderLayer(ag::ParameterSet& params, const std::string& p, int index, const ModelConfig& c,
                                   uint64_t seed)
    : self_attn(params, p + ".self_attn", c.lite.branch_specs(c.d_model), c.lite.decoder_kernel_sizes.at(index),
                static_cast<float>(c.attention_dropout), c.lite, seed),
      encoder_attn(params, p + ".encoder_attn", c.d_model, c.heads, static_cast<float>(c.attention_dropout), seed),
      self_attn_layer_norm(params, p + ".self_attn_layer_norm", c.d_model),
      encoder_attn_layer_norm(params, p + ".encoder_attn_layer_norm", c.d_model),
      final_layer_norm(params, p + ".final_layer_norm", c.d_model),
      ffn(params, p, c.d_model, c.ffn_dim, c.activation, static_cast<float>(c.activation_dropout), seed),
      normalize_before(c.normalize_before),
      dropout(static_cast<float>(c.dropout)) {}

std::vector<Slot> LiteDecoderLayer::start_slots(const ag::Var& encoder_out) const {
  std::vector<Slot> slots;
  self_attn.add_slots(slots, encoder_out.size(0), encoder_out.value().device());
  add_cross_attention_slots(slots, "encoder_attn", encoder_attn, encoder_out);
  return slots;
}

ag::Var LiteDecoderLayer::forward(const ag::Var& x, const LayerPass& at, nn::ForwardContext& ctx) const {
  ag::Var h = nn::residual(x, self_attn_layer_norm, normalize_before, dropout, ctx,
                           [&](const ag::Var& in) { return self_attn.decode(in, at, 0, ctx); });
  h = nn::residual(h, encoder_attn_layer_norm, normalize_before, dropout, ctx,
                   [&](const ag::Var& in) { return cross_attention(encoder_attn, in, at, cross_slots(), ctx); });
  return nn::residual(h, final_layer_norm, normalize_before, dropout, ctx,
                      [&](const ag::Var& in) { return ffn(in, ctx); });
}

}  // namespace ventris::models
