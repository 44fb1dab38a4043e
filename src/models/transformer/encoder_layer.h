// One Transformer encoder layer (architectures.md §1.3): self-attention over
// the source (padding masked), then the feed-forward block, each wrapped as
// norm -> sublayer -> dropout -> residual (pre- or post-norm).
#pragma once

#include <string>

#include "models/model_config.h"
#include "nn/layers.h"

namespace ventris::models {

struct TransformerEncoderLayer {
  nn::MultiHeadAttention self_attn;
  nn::LayerNorm self_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  // Registers <prefix>.self_attn.*, .self_attn_layer_norm.*, .final_layer_norm.*, .fc1/.fc2.* in that order.
  TransformerEncoderLayer(ag::ParameterSet& params, const std::string& prefix, const ModelConfig& config,
                          uint64_t seed);
  // x [B, S, D], padding [B, S] I32 (nonzero = pad) -> [B, S, D].
  ag::Var forward(const ag::Var& x, const Tensor& padding, nn::ForwardContext& ctx) const;
};

}  // namespace ventris::models
