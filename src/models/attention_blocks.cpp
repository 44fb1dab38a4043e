#include "models/attention_blocks.h"

namespace ventris::models {

ag::Var causal_self_attention(const nn::MultiHeadAttention& attn, const ag::Var& x, const LayerPass& at,
                              KeyValueSlots slots, nn::ForwardContext& ctx) {
  // Right padding: the causal mask alone keeps real positions away from pads.
  if (!at.incremental()) return attn(x, x, {Tensor(), true}, ctx);
  DecoderState& state = at.pass.state();
  // K before V, then the query: the order the step always ran its GEMMs in.
  const Tensor k = attn.k_proj(x).value(), v = attn.v_proj(x).value();  // [N, 1, D]
  const Tensor& keys = state.append(at.layer, slots.keys, k);          // holds t + 1 positions
  const Tensor& values = state.append(at.layer, slots.values, v);
  return attn.attend_step(x, keys, values, {}, {}, state.steps + 1);
}

ag::Var cross_attention(const nn::MultiHeadAttention& attn, const ag::Var& x, const LayerPass& at,
                        KeyValueSlots slots, nn::ForwardContext& ctx) {
  if (!at.incremental()) return attn(x, at.pass.encoder_out(), {at.pass.source_padding(), false}, ctx);
  DecoderState& state = at.pass.state();
  return attn.attend_step(x, state.slot(at.layer, slots.keys).value, state.slot(at.layer, slots.values).value,
                          state.row_sentence, state.source_lengths_tensor);
}

void add_self_attention_slots(std::vector<Slot>& slots, const std::string& name, bool with_keys) {
  if (with_keys) slots.push_back(growing_slot(name + ".k"));
  slots.push_back(growing_slot(name + ".v"));
}

void add_cross_attention_slots(std::vector<Slot>& slots, const std::string& name, const nn::MultiHeadAttention& attn,
                               const ag::Var& encoder_out, bool with_keys) {
  if (with_keys) slots.push_back(fixed_slot(name + ".k", attn.k_proj(encoder_out).value()));
  slots.push_back(fixed_slot(name + ".v", attn.v_proj(encoder_out).value()));
}

}  // namespace ventris::models
