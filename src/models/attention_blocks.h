// The decoder's attention sub-blocks, each written once for both decoder
// passes (models/decoder_pass.h), for any family whose layers attend the
// Transformer way:
//
//   causal self-attention  full: attention of x over itself under the causal
//                          mask. step: the new position's K/V join the
//                          layer's two growing slots and the query attends to
//                          every cached position (what the causal mask allows
//                          it), in one fused op (ops::decoder_attention).
//   cross-attention        full: over the encoder output, source padding
//                          masked. step: over the layer's two fixed slots,
//                          projected once when decoding starts, each row
//                          reading its sentence's first source_length keys.
//
// Shapes: x [B, T, D] (full) or [N, 1, D] (step) -> the same.
#pragma once

#include <cstddef>

#include "models/decoder_pass.h"
#include "nn/layers.h"

namespace ventris::models {

// Where a block's K and V live in its layer's slot list.
struct KeyValueSlots {
  size_t keys = 0, values = 0;
};

ag::Var causal_self_attention(const nn::MultiHeadAttention& attn, const ag::Var& x, const LayerPass& at,
                              KeyValueSlots slots, nn::ForwardContext& ctx);
ag::Var cross_attention(const nn::MultiHeadAttention& attn, const ag::Var& x, const LayerPass& at,
                        KeyValueSlots slots, nn::ForwardContext& ctx);

// The slots the two blocks need, in the order keys, values: growing caches
// for self-attention, the encoder output's projections for cross-attention.
// with_keys = false declares the values only (an attention that applies
// distributions computed elsewhere: LazyFormer's lazy layers).
void add_self_attention_slots(std::vector<Slot>& slots, const std::string& name, bool with_keys = true);
void add_cross_attention_slots(std::vector<Slot>& slots, const std::string& name, const nn::MultiHeadAttention& attn,
                               const ag::Var& encoder_out, bool with_keys = true);

}  // namespace ventris::models
