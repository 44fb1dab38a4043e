// The Transformer encoder-decoder (architectures.md §1-2): scaled embeddings
// plus fairseq sinusoidal positions, post- or pre-norm layers, sharing modes
// none / decoder-in-out / all, output projection without bias, fairseq's
// label-smoothed loss. Parameter names follow fairseq's
// (encoder.layers.0.self_attn.q_proj.weight, ...).
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/parameters.h"
#include "models/decoder_state.h"
#include "models/model_config.h"
#include "nn/layers.h"

namespace ventris::models {

// One training batch, right-padded. tgt_in = EOS y1..y(n-1), tgt_out = y1..yn EOS.
struct Batch {
  Tensor src;      // [B, S] I32
  Tensor tgt_in;   // [B, T] I32
  Tensor tgt_out;  // [B, T] I32
};

struct LossOutput {
  ag::Var loss;        // [] label-smoothed, summed over target tokens
  Tensor nll;          // [] summed NLL
  int64_t tokens = 0;  // non-pad target tokens
};

struct Vocab {
  int64_t src_size = 0, tgt_size = 0;
  int32_t pad_id = 0;
};

class Transformer {
 public:
  Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed);

  ag::ParameterSet& parameters() { return params_; }
  const ag::ParameterSet& parameters() const { return params_; }
  // Where the parameters live (inputs of encode/decode must be there too).
  Device device() const { return params_.items().front().second.value().device(); }
  const ModelConfig& config() const { return config_; }
  const Vocab& vocab() const { return vocab_; }

  // [B, S] -> [B, S, D]
  ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const;
  // Full (teacher-forced) decoder: -> logits [B, T, V_t].
  ag::Var decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                 nn::ForwardContext& ctx) const;
  LossOutput loss(const Batch& batch, float label_smoothing, nn::ForwardContext& ctx) const;

  // [B, T] I32: 1 where ids == pad.
  Tensor padding_mask(const Tensor& ids) const;

  // Incremental decoding (architectures.md §1.6), evaluation mode, no
  // gradients. start_decoding runs the encoder on src [B, S] and projects
  // every layer's cross-attention K/V once; the state has one row per
  // sentence (reorder it to expand to a beam).
  DecoderState start_decoding(const Tensor& src) const;
  // Feeds the previous tokens [N] I32 (EOS at the first step) and returns
  // log-probabilities [N, V_t] of the next token; appends this step's K/V to
  // the self-attention caches. Equals log_softmax(decode(...)) at the same
  // position of the same prefix (up to GEMM rounding).
  Tensor decode_step(const Tensor& last_tokens, DecoderState& state) const;

 private:
  struct EncoderLayer {
    nn::MultiHeadAttention self_attn;
    nn::LayerNorm self_attn_layer_norm, final_layer_norm;
    nn::FeedForward ffn;
  };
  struct DecoderLayer {
    nn::MultiHeadAttention self_attn, encoder_attn;
    nn::LayerNorm self_attn_layer_norm, encoder_attn_layer_norm, final_layer_norm;
    nn::FeedForward ffn;
  };

  // `offset`: position of ids' first column (the step, when decoding incrementally).
  // √D · table[ids] + positions (`positions` is the learned table, undefined for sinusoidal).
  ag::Var embed(const ag::Var& table, const ag::Var& positions, const Tensor& ids, nn::ForwardContext& ctx,
                int64_t offset = 0) const;
  // norm -> sublayer -> dropout -> residual, with the norm before or after.
  template <class Sublayer>
  ag::Var residual(const ag::Var& x, const nn::LayerNorm& norm, nn::ForwardContext& ctx, Sublayer&& sublayer) const;

  ModelConfig config_;
  Vocab vocab_;
  ag::ParameterSet params_;
  ag::Var encoder_embed_, decoder_embed_, output_projection_;
  ag::Var encoder_positions_, decoder_positions_;  // learned positions only
  std::vector<EncoderLayer> encoder_layers_;
  std::vector<DecoderLayer> decoder_layers_;
  nn::LayerNorm encoder_final_norm_, decoder_final_norm_;  // pre-norm only
};

}  // namespace ventris::models
