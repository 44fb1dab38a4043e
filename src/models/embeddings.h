// The input and output embeddings of an encoder-decoder (architectures.md
// §1.1, §1.5): √D-scaled token embeddings plus fairseq's sinusoidal or learned
// positions, dropout after the sum, and the output projection (no bias), with
// the sharing modes none / decoder-in-out / all. Parameter names follow
// fairseq's (encoder.embed_tokens.weight, decoder.output_projection.weight,
// ...). Every family that reads tokens the Transformer's way builds one.
#pragma once

#include <cstdint>

#include "autograd/parameters.h"
#include "models/batch.h"
#include "models/model_config.h"
#include "nn/layers.h"

namespace ventris::models {

class Embeddings {
 public:
  Embeddings() = default;
  // Registers, in this order: encoder tokens, decoder tokens (unless shared),
  // output projection (unless shared), learned positions (encoder, decoder).
  Embeddings(ag::ParameterSet& params, const ModelConfig& config, const Vocab& vocab, uint64_t seed);

  // ids [B, T] I32 -> [B, T, D]. `offset`: position of the first column (the
  // step, when decoding incrementally).
  ag::Var encoder(const Tensor& ids, nn::ForwardContext& ctx) const { return embed(encoder_, encoder_positions_, ids, ctx, 0); }
  ag::Var decoder(const Tensor& ids, nn::ForwardContext& ctx, int64_t offset = 0) const {
    return embed(decoder_, decoder_positions_, ids, ctx, offset);
  }
  // [..., D] -> logits [..., V_t].
  ag::Var output_logits(const ag::Var& x) const;

 private:
  ag::Var embed(const ag::Var& table, const ag::Var& positions, const Tensor& ids, nn::ForwardContext& ctx,
                int64_t offset) const;
  ag::Var encoder_, decoder_, output_projection_;
  ag::Var encoder_positions_, decoder_positions_;  // learned positions only
  int64_t dim_ = 0, max_positions_ = 0;
  int32_t pad_id_ = 0;
  float dropout_ = 0.f;
};

}  // namespace ventris::models
