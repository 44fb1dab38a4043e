#include "models/lazyformer/encoder_layer.h"

#include "nn/residual.h"

namespace ventris::models {

LazyEncoderLayer::LazyEncoderLayer(ag::ParameterSet& params, const std::string& p, const ModelConfig& c, bool head,
                                   uint64_t seed)
    : self_attn(params, p + ".self_attn", c, head, seed),
      self_attn_layer_norm(params, p + ".self_attn_layer_norm", c.d_model),
      final_layer_norm(params, p + ".final_layer_norm", c.d_model),
      ffn(params, p, c.d_model, c.ffn_dim, c.activation, static_cast<float>(c.activation_dropout), seed),
      normalize_before(c.normalize_before),
      dropout(static_cast<float>(c.dropout)) {}

ag::Var LazyEncoderLayer::forward(const ag::Var& x, const Tensor& padding, SharedDistribution& block,
                                  nn::ForwardContext& ctx) const {
  ag::Var h = nn::residual(x, self_attn_layer_norm, normalize_before, dropout, ctx, [&](const ag::Var& in) {
    return self_attn.forward(in, in, in, {padding, false}, block, ctx);
  });
  return nn::residual(h, final_layer_norm, normalize_before, dropout, ctx,
                      [&](const ag::Var& in) { return ffn(in, ctx); });
}

}  // namespace ventris::models
