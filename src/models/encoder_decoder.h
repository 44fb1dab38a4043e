// The one interface through which every caller (trainer, update step,
// checkpoints, model files, translator, forced decoding, averaging, the CLI)
// reaches a model family (design.md §4a). A family is a folder of layers under
// src/models/<family>/ with one class implementing this; models/model_factory.h
// builds it from ModelConfig::arch.
//
// Shapes: B sentences, S/T source/target length, D width, V_t target
// vocabulary, N decoder-state rows (open hypotheses).
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/parameters.h"
#include "models/batch.h"
#include "models/decoder_state.h"
#include "models/model_config.h"
#include "nn/layers.h"

namespace ventris::models {

class EncoderDecoder {
 public:
  virtual ~EncoderDecoder() = default;
  EncoderDecoder(const EncoderDecoder&) = delete;
  EncoderDecoder& operator=(const EncoderDecoder&) = delete;

  // Hierarchical names, registration order fixed (checkpoints, Adam, logs).
  ag::ParameterSet& parameters() { return params_; }
  const ag::ParameterSet& parameters() const { return params_; }
  // Where the parameters live (inputs of encode/decode must be there too).
  Device device() const { return params_.items().front().second.value().device(); }
  const ModelConfig& config() const { return config_; }
  const Vocab& vocab() const { return vocab_; }

  // [B, S] I32 -> [B, S, D].
  virtual ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const = 0;
  // Full (teacher-forced) decoder: tgt_in [B, T] -> logits [B, T, V_t].
  virtual ag::Var decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                         nn::ForwardContext& ctx) const = 0;
  // fairseq's label-smoothed cross-entropy of decode(encode(src)).
  LossOutput loss(const Batch& batch, float label_smoothing, nn::ForwardContext& ctx) const;

  // [B, T] I32: 1 where ids == pad.
  Tensor padding_mask(const Tensor& ids) const;

  // Incremental decoding (architectures.md §1.6), evaluation mode, no
  // gradients. start_decoding runs the encoder on src [B, S] (padding only at
  // the end of a row) and lets every decoder layer declare its slots; the
  // state has one row per sentence (reorder it to expand to a beam).
  DecoderState start_decoding(const Tensor& src) const;
  // Feeds the previous tokens [N] I32 (EOS at the first step) and returns
  // log-probabilities [N, V_t] of the next token. Equals
  // log_softmax(decode(...)) at the same position of the same prefix (up to
  // GEMM rounding). Checks the arguments, runs step_logits inside one step of
  // the state (evaluation mode, no gradients).
  Tensor decode_step(const Tensor& last_tokens, DecoderState& state) const;

 protected:
  // Validates the config (errors name the key).
  EncoderDecoder(const ModelConfig& config, const Vocab& vocab);
  // Per decoder layer, the slots it keeps while decoding, fixed entries
  // computed from the encoder output [B, S, D].
  virtual std::vector<std::vector<Slot>> decoder_slots(const ag::Var& encoder_out) const = 0;
  // The family's part of decode_step: tokens [N, 1] I32 at position
  // state.steps -> logits [N, V_t], advancing every row slot once.
  virtual ag::Var step_logits(const Tensor& tokens, DecoderState& state, nn::ForwardContext& eval) const = 0;

  ModelConfig config_;
  Vocab vocab_;
  ag::ParameterSet params_;
};

}  // namespace ventris::models
