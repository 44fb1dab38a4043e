// One LazyFormer encoder layer (architectures.md §4.1): the Transformer
// encoder layer whose self-attention is a LazyAttention — the head layer of a
// block computes the block's distribution from its own sub-layer input (for
// pre-norm, LN(x)), every layer applies it with its own W_V / W_O — followed
// by the feed-forward block, each wrapped as norm -> sublayer -> dropout ->
// residual. Parameter names are the Transformer encoder layer's, less
// self_attn.q_proj / k_proj in a lazy layer.
#pragma once

#include <string>

#include "models/lazyformer/lazy_attention.h"

namespace ventris::models {

struct LazyEncoderLayer {
  using Carry = SharedDistribution;  // the block's distribution, from its head layer on (layer_stack_model.h)

  LazyAttention self_attn;
  nn::LayerNorm self_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  // Registers <prefix>.self_attn.*, .self_attn_layer_norm.*, .final_layer_norm.*, .fc1/.fc2.* in that order.
  LazyEncoderLayer(ag::ParameterSet& params, const std::string& prefix, const ModelConfig& config, bool head,
                   uint64_t seed);
  // x [B, S, D], padding [B, S] I32 (nonzero = pad) -> [B, S, D]; `block`
  // carries the distribution from the block's head layer.
  ag::Var forward(const ag::Var& x, const Tensor& padding, SharedDistribution& block, nn::ForwardContext& ctx) const;
};

}  // namespace ventris::models
