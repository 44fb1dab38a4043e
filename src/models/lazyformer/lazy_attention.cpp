#include "models/lazyformer/lazy_attention.h"

#include "core/error.h"

namespace ventris::models {

LazyAttention::LazyAttention(ag::ParameterSet& params, const std::string& name, const ModelConfig& c, bool is_head,
                             uint64_t seed)
    // Only per-layer dropout happens inside apply; `shared` drops P_b once in the head layer.
    : attn(params, name, c.d_model, c.heads,
           c.lazy.prob_dropout == LazyProbDropout::kPerLayer ? static_cast<float>(c.attention_dropout) : 0.f, seed,
           /*query_key=*/is_head),
      head(is_head),
      prob_dropout_mode(c.lazy.prob_dropout),
      prob_dropout(static_cast<float>(c.attention_dropout)) {}

ag::Var LazyAttention::forward(const ag::Var& query, const ag::Var& key, const ag::Var& value,
                               const nn::AttentionMask& mask, SharedDistribution& block,
                               nn::ForwardContext& ctx) const {
  if (head) {
    const ag::Var probs = attn.probabilities(query, key, mask);  // [B, H, Tq, Tk], the block's only softmax
    block.probs = prob_dropout_mode == LazyProbDropout::kShared ? ctx.dropout(probs, prob_dropout) : probs;
  }
  VENTRIS_CHECK(block.probs.defined(), "lazy attention: a lazy layer ran before its block's head layer");
  return attn.apply(block.probs, value, ctx);
}

ag::Var LazyAttention::step(const ag::Var& query, const Tensor& keys, const Tensor& values, SharedDistribution& block,
                            const Tensor& row_batch, const Tensor& lengths, int64_t positions) const {
  if (head) block.step_probs = attn.step_probabilities(query, keys, row_batch, lengths, positions);
  VENTRIS_CHECK(block.step_probs.defined(), "lazy attention: a lazy layer ran before its block's head layer");
  return attn.apply_step(block.step_probs, values, row_batch, lengths, positions);
}

ag::Var lazy_causal_self_attention(const LazyAttention& a, const ag::Var& x, const LayerPass& at, KeyValueSlots slots,
                                   SharedDistribution& block, nn::ForwardContext& ctx) {
  // Right padding: the causal mask alone keeps real positions away from pads.
  if (!at.incremental()) return a.forward(x, x, x, {Tensor(), true}, block, ctx);
  DecoderState& state = at.pass.state();
  Tensor keys;  // a lazy layer reads its head's distribution instead of keys
  if (a.head) keys = state.append(at.layer, slots.keys, a.attn.k_proj(x).value());  // [N, 1, D] joins the cache
  const Tensor& values = state.append(at.layer, slots.values, a.attn.v_proj(x).value());
  return a.step(x, keys, values, block, {}, {}, state.steps + 1);
}

ag::Var lazy_cross_attention(const LazyAttention& a, const ag::Var& x, const LayerPass& at, KeyValueSlots slots,
                             SharedDistribution& block, nn::ForwardContext& ctx) {
  if (!at.incremental()) {
    const ag::Var& memory = at.pass.encoder_out();
    return a.forward(x, memory, memory, {at.pass.source_padding(), false}, block, ctx);
  }
  DecoderState& state = at.pass.state();
  const Tensor keys = a.head ? state.slot(at.layer, slots.keys).value : Tensor();
  return a.step(x, keys, state.slot(at.layer, slots.values).value, block, state.row_sentence,
                state.source_lengths_tensor);
}

KeyValueSlots add_lazy_self_attention_slots(std::vector<Slot>& slots, const std::string& name,
                                            const LazyAttention& a) {
  const size_t first = slots.size();
  add_self_attention_slots(slots, name, /*with_keys=*/a.head);
  return a.head ? KeyValueSlots{first, first + 1} : KeyValueSlots{first, first};
}

KeyValueSlots add_lazy_cross_attention_slots(std::vector<Slot>& slots, const std::string& name,
                                             const LazyAttention& a, const ag::Var& encoder_out) {
  const size_t first = slots.size();
  add_cross_attention_slots(slots, name, a.attn, encoder_out, /*with_keys=*/a.head);
  return a.head ? KeyValueSlots{first, first + 1} : KeyValueSlots{first, first};
}

}  // namespace ventris::models
