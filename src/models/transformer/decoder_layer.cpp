#include "models/transformer/decoder_layer.h"

#include "nn/residual.h"

namespace ventris::models {

TransformerDecoderLayer::TransformerDecoderLayer(ag::ParameterSet& params, const std::string& p,
                                                 const ModelConfig& c, uint64_t seed)
    : self_attn(params, p + ".self_attn", c.d_model, c.heads, static_cast<float>(c.attention_dropout), seed),
      encoder_attn(params, p + ".encoder_attn", c.d_model, c.heads, static_cast<float>(c.attention_dropout), seed),
      self_attn_layer_norm(params, p + ".self_attn_layer_norm", c.d_model),
      encoder_attn_layer_norm(params, p + ".encoder_attn_layer_norm", c.d_model),
      final_layer_norm(params, p + ".final_layer_norm", c.d_model),
      ffn(params, p, c.d_model, c.ffn_dim, c.activation, static_cast<float>(c.activation_dropout), seed),
      normalize_before(c.normalize_before),
      dropout(static_cast<float>(c.dropout)) {}

std::vector<Slot> TransformerDecoderLayer::start_slots(const ag::Var& encoder_out) const {
  std::vector<Slot> slots;
  add_self_attention_slots(slots, "self_attn");
  add_cross_attention_slots(slots, "encoder_attn", encoder_attn, encoder_out);
  return slots;
}

ag::Var TransformerDecoderLayer::forward(const ag::Var& x, const LayerPass& at, nn::ForwardContext& ctx) const {
  ag::Var h = nn::residual(x, self_attn_layer_norm, normalize_before, dropout, ctx, [&](const ag::Var& in) {
    return causal_self_attention(self_attn, in, at, kSelf, ctx);
  });
  h = nn::residual(h, encoder_attn_layer_norm, normalize_before, dropout, ctx,
                   [&](const ag::Var& in) { return cross_attention(encoder_attn, in, at, kCross, ctx); });
  return nn::residual(h, final_layer_norm, normalize_before, dropout, ctx,
                      [&](const ag::Var& in) { return ffn(in, ctx); });
}

}  // namespace ventris::models
