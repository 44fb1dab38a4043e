#include "nn/layers.h"

#include <cmath>

#include "nn/init.h"
#include "ops/decoder_attention.h"

namespace ventris::nn {

ForwardContext::Draw ForwardContext::draw(float p) {
  if (!training || p <= 0.f) return {};
  return {p, next_stream++};
}

ag::Var ForwardContext::dropout(const ag::Var& x, float p) {
  const Draw d = draw(p);
  return ag::dropout(x, d.p, seed, d.stream);  // p = 0 returns x itself
}

Linear::Linear(ag::ParameterSet& params, const std::string& name, int64_t in, int64_t out, float gain, uint64_t seed,
               bool with_bias) {
  weight = params.add(name + ".weight", xavier_uniform(out, in, gain, seed, name + ".weight"));
  if (with_bias) bias = params.add(name + ".bias", Tensor::zeros({out}));
}

ag::Var Linear::without_bias(const ag::Var& x) const { return ag::matmul(x, weight, false, true); }

ag::Var Linear::operator()(const ag::Var& x) const {
  ag::Var y = without_bias(x);
  return bias.defined() ? ag::add(y, bias) : y;
}

LayerNorm::LayerNorm(ag::ParameterSet& params, const std::string& name, int64_t dim) {
  gamma = params.add(name + ".weight", Tensor::full({dim}, 1.f));
  beta = params.add(name + ".bias", Tensor::zeros({dim}));
}

ag::Var LayerNorm::operator()(const ag::Var& x) const { return ag::layer_norm(x, gamma, beta, eps); }

FeedForward::FeedForward(ag::ParameterSet& params, const std::string& name, int64_t dim, int64_t hidden,
                         math::Activation act, float act_dropout, uint64_t seed)
    : fc1(params, name + ".fc1", dim, hidden, 1.f, seed),
      fc2(params, name + ".fc2", hidden, dim, 1.f, seed),
      activation(act),
      activation_dropout(act_dropout) {}

ag::Var FeedForward::operator()(const ag::Var& x, ForwardContext& ctx) const {
  // fc1's bias, the activation and the activation dropout in one pass over
  // the [rows, hidden] activations (the widest tensor of the block).
  const ForwardContext::Draw d = ctx.draw(activation_dropout);
  return fc2(ag::bias_activation_dropout(fc1.without_bias(x), fc1.bias, activation, d.p, ctx.seed, d.stream));
}

MultiHeadAttention::MultiHeadAttention(ag::ParameterSet& params, const std::string& name, int64_t d, int64_t h,
                                       float attn_dropout, uint64_t seed, bool query_key)
    // fairseq: Q/K/V Xavier with gain 1/sqrt(2) when key/value width equals D; output gain 1.
    // Weights depend on the seed and their name only, so leaving Q/K out changes no other weight.
    : q_proj(query_key ? Linear(params, name + ".q_proj", d, d, static_cast<float>(M_SQRT1_2), seed) : Linear()),
      k_proj(query_key ? Linear(params, name + ".k_proj", d, d, static_cast<float>(M_SQRT1_2), seed) : Linear()),
      v_proj(params, name + ".v_proj", d, d, static_cast<float>(M_SQRT1_2), seed),
      out_proj(params, name + ".out_proj", d, d, 1.f, seed),
      heads(h),
      dim(d),
      attention_dropout(attn_dropout) {
  VENTRIS_CHECK(d % h == 0, "attention width {} is not divisible by {} heads", d, h);
}

ag::Var MultiHeadAttention::split_heads(const ag::Var& x) const {
  const int64_t b = x.size(0), t = x.size(1);
  return ag::permute(ag::reshape(x, {b, t, heads, dim / heads}), {0, 2, 1, 3});
}

ag::Var MultiHeadAttention::merge_heads(const ag::Var& x) const {
  const int64_t b = x.size(0), t = x.size(2);
  return ag::reshape(ag::permute(x, {0, 2, 1, 3}), {b, t, dim});
}

float MultiHeadAttention::query_scaling() const { return 1.f / std::sqrt(static_cast<float>(dim / heads)); }

ag::Var MultiHeadAttention::probabilities(const ag::Var& query, const ag::Var& key, const AttentionMask& mask) const {
  // Q before K, as always: the tape's order (and so the gradient bits) stays the same.
  ag::Var q = split_heads(ag::scale(q_proj(query), query_scaling()));  // [B, H, Tq, Dh]
  ag::Var k = split_heads(k_proj(key));                                // [B, H, Tk, Dh]
  ag::Var scores = ag::matmul(q, k, false, true);                      // [B, H, Tq, Tk]
  return ag::softmax(scores, {mask.key_padding, mask.causal, Tensor()});
}

Tensor MultiHeadAttention::step_query(const ag::Var& query) const {
  return ag::scale(q_proj(query), query_scaling()).value().reshape({query.size(0), dim});  // [N, D]
}

ag::Var MultiHeadAttention::step_output(const Tensor& attended) const {
  return out_proj(ag::Var(attended.reshape({attended.size(0), 1, dim})));
}

ag::Var MultiHeadAttention::attend_step(const ag::Var& query, const Tensor& keys, const Tensor& values,
                                        const Tensor& row_batch, const Tensor& lengths, int64_t positions) const {
  return step_output(ops::decoder_attention(step_query(query), keys, values, heads, row_batch, lengths, positions));
}

Tensor MultiHeadAttention::step_probabilities(const ag::Var& query, const Tensor& keys, const Tensor& row_batch,
                                              const Tensor& lengths, int64_t positions) const {
  return ops::decoder_attention_probabilities(step_query(query), keys, heads, row_batch, lengths, positions);
}

ag::Var MultiHeadAttention::apply_step(const Tensor& probs, const Tensor& values, const Tensor& row_batch,
                                       const Tensor& lengths, int64_t positions) const {
  return step_output(ops::decoder_attention_apply(probs, values, row_batch, lengths, positions));
}

ag::Var MultiHeadAttention::apply(const ag::Var& probs, const ag::Var& value, ForwardContext& ctx) const {
  ag::Var v = split_heads(v_proj(value));                            // [B, H, Tk, Dh]
  ag::Var o = ag::matmul(ctx.dropout(probs, attention_dropout), v);  // [B, H, Tq, Dh]
  return out_proj(merge_heads(o));                                   // [B, Tq, D]
}

}  // namespace ventris::nn
