// Building blocks (architectures.md §1): Linear, LayerNorm, FeedForward and
// multi-head attention split into "compute probabilities" and "apply
// probabilities" (LazyFormer reuses the first across layers). Each layer
// registers its parameters under a hierarchical name when constructed.
//
// Shapes: B sentences, T/S target/source length, D width, H heads, Dh = D/H, F FFN width.
#pragma once

#include <cstdint>
#include <string>

#include "autograd/derivatives.h"
#include "autograd/parameters.h"

namespace ventris::nn {

// Dropout draws: each call takes the next stream, so masks are a pure
// function of (seed, update, call order) — reproducible and resumable.
struct ForwardContext {
  bool training = false;
  uint64_t seed = 0;
  uint64_t next_stream = 0;

  // One dropout draw: the probability to apply (0 outside training) and its
  // stream. A draw that drops nothing takes no stream.
  struct Draw {
    float p = 0.f;
    uint64_t stream = 0;
  };
  Draw draw(float p);
  ag::Var dropout(const ag::Var& x, float p);
};

struct Linear {
  ag::Var weight;  // [out, in]
  ag::Var bias;    // [out] (undefined when bias is off)
  Linear() = default;
  Linear(ag::ParameterSet& params, const std::string& name, int64_t in, int64_t out, float gain, uint64_t seed,
         bool bias = true);
  ag::Var operator()(const ag::Var& x) const;  // [..., in] -> [..., out]
  ag::Var without_bias(const ag::Var& x) const;  // the GEMM alone, for ops that fuse the bias in
};

struct LayerNorm {
  ag::Var gamma, beta;  // [D]
  float eps = 1e-5f;
  LayerNorm() = default;
  LayerNorm(ag::ParameterSet& params, const std::string& name, int64_t dim);
  ag::Var operator()(const ag::Var& x) const;
};

struct FeedForward {
  Linear fc1, fc2;
  math::Activation activation = math::Activation::Relu;
  float activation_dropout = 0.f;
  FeedForward() = default;
  FeedForward(ag::ParameterSet& params, const std::string& name, int64_t dim, int64_t hidden,
              math::Activation activation, float activation_dropout, uint64_t seed);
  ag::Var operator()(const ag::Var& x, ForwardContext& ctx) const;  // [B, T, D] -> [B, T, D]
};

struct AttentionMask {
  Tensor key_padding;  // [B, Tk] I32, nonzero = pad (may be undefined)
  bool causal = false;
};

struct MultiHeadAttention {
  Linear q_proj, k_proj, v_proj, out_proj;
  int64_t heads = 1, dim = 0;
  float attention_dropout = 0.f;
  MultiHeadAttention() = default;
  // query_key = false registers only v_proj and out_proj: an attention that
  // applies distributions computed elsewhere (a LazyFormer lazy layer); it
  // has no `probabilities`, `attend_step` or `step_probabilities`.
  MultiHeadAttention(ag::ParameterSet& params, const std::string& name, int64_t dim, int64_t heads,
                     float attention_dropout, uint64_t seed, bool query_key = true);

  // P = softmax(mask((q W_Q · Dh^-1/2)(k W_K)^T)): [B, Tq, D], [B, Tk, D] -> [B, H, Tq, Tk].
  ag::Var probabilities(const ag::Var& query, const ag::Var& key, const AttentionMask& mask) const;
  // concat_h(dropout(P)_h · (v W_V)_h) W_O: [B, H, Tq, Tk], [B, Tk, D] -> [B, Tq, D].
  ag::Var apply(const ag::Var& probs, const ag::Var& value, ForwardContext& ctx) const;
  ag::Var operator()(const ag::Var& query, const ag::Var& key_value, const AttentionMask& mask,
                     ForwardContext& ctx) const {
    return apply(probabilities(query, key_value, mask), key_value, ctx);
  }

  // One incremental decoding step without head permutes: query [N, 1, D]
  // over position-major caches keys/values [B, C, D] of raw k_proj/v_proj
  // outputs (row_batch, lengths, positions as ops::decoder_attention) ->
  // [N, 1, D]. Inference only.
  ag::Var attend_step(const ag::Var& query, const Tensor& keys, const Tensor& values, const Tensor& row_batch = {},
                      const Tensor& lengths = {}, int64_t positions = -1) const;

  // attend_step in two halves, for a distribution used by several layers:
  // query [N, 1, D] over keys [B, C, D] -> P [N, H, L] (ops::decoder_attention_probabilities),
  // then P [N, H, L] over values [B, C, D] -> [N, 1, D] with this layer's W_O.
  Tensor step_probabilities(const ag::Var& query, const Tensor& keys, const Tensor& row_batch = {},
                            const Tensor& lengths = {}, int64_t positions = -1) const;
  ag::Var apply_step(const Tensor& probs, const Tensor& values, const Tensor& row_batch = {},
                     const Tensor& lengths = {}, int64_t positions = -1) const;

  // 1/sqrt(Dh), applied to the projected queries.
  float query_scaling() const;

  // [B, T, D] -> [B, H, T, Dh] and back.
  ag::Var split_heads(const ag::Var& x) const;
  ag::Var merge_heads(const ag::Var& x) const;

 private:
  Tensor step_query(const ag::Var& query) const;            // [N, 1, D] -> scaled q [N, D]
  ag::Var step_output(const Tensor& attended) const;        // [N, D] -> out_proj [N, 1, D]
};

}  // namespace ventris::nn
