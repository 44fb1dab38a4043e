// One Transformer decoder layer (architectures.md §1.4): causal
// self-attention -> cross-attention over the encoder output -> feed-forward,
// each wrapped as norm -> sublayer -> dropout -> residual. Written once for
// the full pass and the incremental step (models/decoder_pass.h); while
// decoding it keeps four slots: growing self-attention K and V caches and the
// fixed cross-attention K and V of each sentence.
#pragma once

#include <string>
#include <vector>

#include "models/attention_blocks.h"
#include "models/model_config.h"

namespace ventris::models {

struct TransformerDecoderLayer {
  nn::MultiHeadAttention self_attn, encoder_attn;
  nn::LayerNorm self_attn_layer_norm, encoder_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  // Registers self_attn, encoder_attn, the three norms, then fc1/fc2 under `prefix`.
  TransformerDecoderLayer(ag::ParameterSet& params, const std::string& prefix, const ModelConfig& config,
                          uint64_t seed);

  // The layer's decoding slots, in the order of kSelf / kCross below.
  std::vector<Slot> start_slots(const ag::Var& encoder_out) const;
  // x [B, T, D] (full pass) or [N, 1, D] (step) -> the same.
  ag::Var forward(const ag::Var& x, const LayerPass& at, nn::ForwardContext& ctx) const;

  static constexpr KeyValueSlots kSelf{0, 1}, kCross{2, 3};
};

}  // namespace ventris::models
