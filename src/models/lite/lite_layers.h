// Lite Transformer encoder and decoder layers (architectures.md §3.1-3.2):
// the Transformer's layers with self-attention replaced by Long-Short Range
// Attention (models/lite/lsra_attention.h). Decoder: LSRA (causal) ->
// full-width cross-attention over the encoder output (model.heads heads) ->
// FFN (the presets flatten it, F = D). Each sub-layer wrapped as norm ->
// sublayer -> dropout -> residual (post-norm in every recipe).
#pragma once

#include <string>
#include <vector>

#include "models/lite/lsra_attention.h"
#include "models/model_config.h"

namespace ventris::models {

struct LiteEncoderLayer {
  LsraAttention self_attn;
  nn::LayerNorm self_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  // Layer `index` takes its kernel from model.lite_encoder_kernel_sizes.
  LiteEncoderLayer(ag::ParameterSet& params, const std::string& prefix, int index, const ModelConfig& config,
                   uint64_t seed);
  // x [B, S, D], padding [B, S] I32 (nonzero = pad) -> [B, S, D].
  ag::Var forward(const ag::Var& x, const Tensor& padding, nn::ForwardContext& ctx) const;
};

struct LiteDecoderLayer {
  LsraAttention self_attn;
  nn::MultiHeadAttention encoder_attn;
  nn::LayerNorm self_attn_layer_norm, encoder_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  LiteDecoderLayer(ag::ParameterSet& params, const std::string& prefix, int index, const ModelConfig& config,
                   uint64_t seed);
  // The LSRA branches' slots, then the cross-attention K and V.
  std::vector<Slot> start_slots(const ag::Var& encoder_out) const;
  // x [B, T, D] (full pass) or [N, 1, D] (step) -> the same.
  ag::Var forward(const ag::Var& x, const LayerPass& at, nn::ForwardContext& ctx) const;

 private:
  KeyValueSlots cross_slots() const {
    const size_t first = self_attn.slot_count();
    return {first, first + 1};
  }
};

}  // namespace ventris::models
