#include "models/lazyformer/decoder_layer.h"

#include "nn/residual.h"

namespace ventris::models {

LazyDecoderLayer::LazyDecoderLayer(ag::ParameterSet& params, const std::string& p, const ModelConfig& c,
                                   bool self_head, bool cross_head, uint64_t seed)
    : self_attn(params, p + ".self_attn", c, self_head, seed),
      encoder_attn(params, p + ".encoder_attn", c, cross_head, seed),
      self_attn_layer_norm(params, p + ".self_attn_layer_norm", c.d_model),
      encoder_attn_layer_norm(params, p + ".encoder_attn_layer_norm", c.d_model),
      final_layer_norm(params, p + ".final_layer_norm", c.d_model),
      ffn(params, p, c.d_model, c.ffn_dim, c.activation, static_cast<float>(c.activation_dropout), seed),
      normalize_before(c.normalize_before),
      dropout(static_cast<float>(c.dropout)) {
  place_slots();
}

void LazyDecoderLayer::place_slots() {
  // The layout start_slots declares: [self K], self V, [cross K], cross V.
  const size_t self_count = self_attn.head ? 2 : 1;
  self_slots_ = self_attn.head ? KeyValueSlots{0, 1} : KeyValueSlots{0, 0};
  cross_slots_ = encoder_attn.head ? KeyValueSlots{self_count, self_count + 1} : KeyValueSlots{self_count, self_count};
}

std::vector<Slot> LazyDecoderLayer::start_slots(const ag::Var& encoder_out) const {
  std::vector<Slot> slots;
  const KeyValueSlots self = add_lazy_self_attention_slots(slots, "self_attn", self_attn);
  const KeyValueSlots cross = add_lazy_cross_attention_slots(slots, "encoder_attn", encoder_attn, encoder_out);
  VENTRIS_CHECK(self.keys == self_slots_.keys && self.values == self_slots_.values &&
                    cross.keys == cross_slots_.keys && cross.values == cross_slots_.values,
                "lazy decoder layer: slots declared out of order");
  return slots;
}

ag::Var LazyDecoderLayer::forward(const ag::Var& x, const LayerPass& at, DecoderBlocks& blocks,
                                  nn::ForwardContext& ctx) const {
  ag::Var h = nn::residual(x, self_attn_layer_norm, normalize_before, dropout, ctx, [&](const ag::Var& in) {
    return lazy_causal_self_attention(self_attn, in, at, self_slots_, blocks.self, ctx);
  });
  h = nn::residual(h, encoder_attn_layer_norm, normalize_before, dropout, ctx, [&](const ag::Var& in) {
    return lazy_cross_attention(encoder_attn, in, at, cross_slots_, blocks.cross, ctx);
  });
  return nn::residual(h, final_layer_norm, normalize_before, dropout, ctx,
                      [&](const ag::Var& in) { return ffn(in, ctx); });
}

}  // namespace ventris::models
