// One LazyFormer decoder layer (architectures.md §4.2-4.4): the Transformer
// decoder layer whose causal self-attention and cross-attention are each a
// LazyAttention with its own block layout (a layer may head a self block and
// be lazy in a cross block). Written once for the full pass and the
// incremental step (models/decoder_pass.h). Decoding slots: self K (head
// only), self V, cross K (head only), cross V; the current step's
// distribution rows pass down the block and are never cached.
#pragma once

#include <string>
#include <vector>

#include "models/lazyformer/lazy_attention.h"

namespace ventris::models {

// The distributions a decoder hands from layer to layer.
struct DecoderBlocks {
  SharedDistribution self, cross;
};

struct LazyDecoderLayer {
  using Carry = DecoderBlocks;  // handed from layer to layer (layer_stack_model.h)

  LazyAttention self_attn, encoder_attn;
  nn::LayerNorm self_attn_layer_norm, encoder_attn_layer_norm, final_layer_norm;
  nn::FeedForward ffn;
  bool normalize_before = false;
  float dropout = 0.f;

  // Registers self_attn, encoder_attn, the three norms, then fc1/fc2 under
  // `prefix`; self_head / cross_head: whether it heads a block of that kind.
  LazyDecoderLayer(ag::ParameterSet& params, const std::string& prefix, const ModelConfig& config, bool self_head,
                   bool cross_head, uint64_t seed);

  // The layer's decoding slots (self then cross, keys only in a head).
  std::vector<Slot> start_slots(const ag::Var& encoder_out) const;
  // x [B, T, D] (full pass) or [N, 1, D] (step) -> the same.
  ag::Var forward(const ag::Var& x, const LayerPass& at, DecoderBlocks& blocks, nn::ForwardContext& ctx) const;

 private:
  KeyValueSlots self_slots_, cross_slots_;  // set by start_slots
  void place_slots();
};

}  // namespace ventris::models
