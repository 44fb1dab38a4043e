#include "models/embeddings.h"

#include <cmath>

#include "nn/init.h"
#include "nn/positional.h"

namespace ventris::models {

namespace {

// fairseq: embeddings N(0, D^-1/2) with the pad row zeroed.
Tensor embedding_table(int64_t vocab, int64_t dim, int32_t pad, uint64_t seed, const std::string& name) {
  Tensor t = nn::normal({vocab, dim}, 1.f / std::sqrt(static_cast<float>(dim)), seed, name);
  if (pad >= 0 && pad < vocab)
    for (int64_t j = 0; j < dim; ++j) t.data<float>()[pad * dim + j] = 0.f;
  return t;
}

}  // namespace

Embeddings::Embeddings(ag::ParameterSet& params, const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : dim_(config.d_model),
      max_positions_(config.max_positions),
      pad_id_(vocab.pad_id),
      dropout_(static_cast<float>(config.dropout)) {
  VENTRIS_CHECK(vocab.src_size > 0 && vocab.tgt_size > 0, "model needs non-empty vocabularies");
  VENTRIS_CHECK(config.share_embeddings != ShareEmbeddings::kAll || vocab.src_size == vocab.tgt_size,
                "model.share_embeddings 'all' needs a joint vocabulary (source {} vs target {} entries)",
                vocab.src_size, vocab.tgt_size);
  const int64_t d = dim_;
  encoder_ = params.add("encoder.embed_tokens.weight",
                        embedding_table(vocab.src_size, d, vocab.pad_id, seed, "encoder.embed_tokens.weight"));
  decoder_ = config.share_embeddings == ShareEmbeddings::kAll
                 ? encoder_
                 : params.add("decoder.embed_tokens.weight",
                              embedding_table(vocab.tgt_size, d, vocab.pad_id, seed, "decoder.embed_tokens.weight"));
  output_projection_ = config.share_embeddings == ShareEmbeddings::kNone
                           ? params.add("decoder.output_projection.weight",
                                        nn::normal({vocab.tgt_size, d}, 1.f / std::sqrt(static_cast<float>(d)), seed,
                                                   "decoder.output_projection.weight"))
                           : decoder_;
  if (config.positions == Positions::kLearned) {
    // fairseq's LearnedPositionalEmbedding: max_positions + pad + 1 rows, N(0, D^-1/2), pad row zero.
    const int64_t rows = config.max_positions + nn::kFirstPosition;
    encoder_positions_ = params.add("encoder.embed_positions.weight",
                                    embedding_table(rows, d, vocab.pad_id, seed, "encoder.embed_positions.weight"));
    decoder_positions_ = params.add("decoder.embed_positions.weight",
                                    embedding_table(rows, d, vocab.pad_id, seed, "decoder.embed_positions.weight"));
  }
}

ag::Var Embeddings::embed(const ag::Var& table, const ag::Var& positions, const Tensor& ids, nn::ForwardContext& ctx,
                          int64_t offset) const {
  VENTRIS_CHECK(offset + ids.size(1) <= max_positions_, "sentence of {} tokens exceeds model.max_positions = {}",
                offset + ids.size(1), max_positions_);
  ag::Var x = ag::scale(ag::embedding(table, ids, pad_id_), std::sqrt(static_cast<float>(dim_)));
  if (positions.defined())
    x = ag::add(x, ag::embedding(positions, nn::position_ids(ids.to(Device::cpu()), pad_id_, offset).to(ids.device()),
                                 pad_id_));
  else
    x = ag::add(x, ag::Var(nn::sinusoidal_positions(ids.to(Device::cpu()), dim_, pad_id_, offset).to(ids.device())));
  return ctx.dropout(x, dropout_);
}

ag::Var Embeddings::output_logits(const ag::Var& x) const { return ag::matmul(x, output_projection_, false, true); }

}  // namespace ventris::models
