// One attention sub-layer of a LazyFormer block (architectures.md §4.1-4.4).
// The block's head layer owns W_Q, W_K, W_V, W_O and computes the block's
// distribution P_b once; every layer of the block (the head included) applies
// P_b to its own values with its own W_V and W_O. Lazy layers own no W_Q/W_K,
// compute no Q·Kᵀ and no softmax, and keep no K cache while decoding.
//
// P_b travels down the block in a SharedDistribution the model hands from
// layer to layer. In the full pass it is one tape node consumed by every
// layer of the block, so backward sums dL/dP_b over the block and runs one
// softmax backward; the tape keeps one P_b per block (per-layer dropout adds
// each layer's dropped copy, as the Transformer keeps one per layer). While
// decoding it holds only the current step's rows, recomputed every step.
//
// Dropout on P_b (model.lazy_prob_dropout): per-layer = each layer draws its
// own mask inside apply (a block of size 1 is then the Transformer's
// attention, op for op); shared = the head layer draws one mask and every
// layer applies the dropped P_b; none = no attention dropout at all.
#pragma once

#include <string>
#include <vector>

#include "models/attention_blocks.h"
#include "models/model_config.h"

namespace ventris::models {

// The distribution a block shares, handed from its head layer down.
struct SharedDistribution {
  ag::Var probs;      // full pass: P_b [B, H, Tq, Tk], after the block's mask in `shared` mode
  Tensor step_probs;  // step: the current position's rows [N, H, L]
};

struct LazyAttention {
  nn::MultiHeadAttention attn;  // q_proj / k_proj only in a head layer
  bool head = true;
  LazyProbDropout prob_dropout_mode = LazyProbDropout::kPerLayer;
  float prob_dropout = 0.f;  // model.attention_dropout

  LazyAttention(ag::ParameterSet& params, const std::string& name, const ModelConfig& config, bool head,
                uint64_t seed);

  // Full pass: a head layer sets block.probs = P_b of query [B, Tq, D] over
  // key [B, Tk, D] under `mask`; every layer returns P_b applied to value
  // [B, Tk, D] -> [B, Tq, D].
  ag::Var forward(const ag::Var& query, const ag::Var& key, const ag::Var& value, const nn::AttentionMask& mask,
                  SharedDistribution& block, nn::ForwardContext& ctx) const;
  // Step: a head layer sets block.step_probs from query [N, 1, D] over keys
  // [B, C, D]; every layer applies them to values [B, C, D] -> [N, 1, D].
  // row_batch, lengths and positions as ops::decoder_attention.
  ag::Var step(const ag::Var& query, const Tensor& keys, const Tensor& values, SharedDistribution& block,
               const Tensor& row_batch = {}, const Tensor& lengths = {}, int64_t positions = -1) const;
};

// The decoder's two lazy attention kinds, written once for both passes like
// models/attention_blocks.h: x [B, T, D] (full) or [N, 1, D] (step) -> the same.
// A head layer's slots are keys then values; a lazy layer's only values
// (slots.keys unused).
ag::Var lazy_causal_self_attention(const LazyAttention& a, const ag::Var& x, const LayerPass& at, KeyValueSlots slots,
                                   SharedDistribution& block, nn::ForwardContext& ctx);
ag::Var lazy_cross_attention(const LazyAttention& a, const ag::Var& x, const LayerPass& at, KeyValueSlots slots,
                             SharedDistribution& block, nn::ForwardContext& ctx);

// Declares the layer's slots for `a` (keys only for a head layer) and
// returns where they are.
KeyValueSlots add_lazy_self_attention_slots(std::vector<Slot>& slots, const std::string& name, const LazyAttention& a);
KeyValueSlots add_lazy_cross_attention_slots(std::vector<Slot>& slots, const std::string& name, const LazyAttention& a,
                                             const ag::Var& encoder_out);

}  // namespace ventris::models
