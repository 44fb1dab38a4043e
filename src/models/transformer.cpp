#include "models/transformer.h"

#include <cmath>

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "nn/init.h"
#include "nn/positional.h"
#include "ops/decoder_cache.h"
#include "ops/layout.h"
#include "ops/softmax.h"

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

Transformer::Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : config_(config), vocab_(vocab) {
  config_.validate();
  VENTRIS_CHECK(vocab.src_size > 0 && vocab.tgt_size > 0, "model needs non-empty vocabularies");
  VENTRIS_CHECK(config_.share_embeddings != "all" || vocab.src_size == vocab.tgt_size,
                "model.share_embeddings 'all' needs a joint vocabulary (source {} vs target {} entries)",
                vocab.src_size, vocab.tgt_size);
  const int64_t d = config_.d_model, f = config_.ffn_dim, h = config_.heads;
  const auto attn_drop = static_cast<float>(config_.attention_dropout);
  const auto act_drop = static_cast<float>(config_.activation_dropout);

  encoder_embed_ = params_.add("encoder.embed_tokens.weight",
                               embedding_table(vocab.src_size, d, vocab.pad_id, seed, "encoder.embed_tokens.weight"));
  decoder_embed_ = config_.share_embeddings == "all"
                       ? encoder_embed_
                       : params_.add("decoder.embed_tokens.weight",
                                     embedding_table(vocab.tgt_size, d, vocab.pad_id, seed, "decoder.embed_tokens.weight"));
  output_projection_ = config_.share_embeddings == "none"
                           ? params_.add("decoder.output_projection.weight",
                                         nn::normal({vocab.tgt_size, d}, 1.f / std::sqrt(static_cast<float>(d)), seed,
                                                    "decoder.output_projection.weight"))
                           : decoder_embed_;

  if (config_.positions == "learned") {
    // fairseq's LearnedPositionalEmbedding: max_positions + pad + 1 rows, N(0, D^-1/2), pad row zero.
    const int64_t rows = config_.max_positions + nn::kFirstPosition;
    encoder_positions_ = params_.add("encoder.embed_positions.weight",
                                     embedding_table(rows, d, vocab.pad_id, seed, "encoder.embed_positions.weight"));
    decoder_positions_ = params_.add("decoder.embed_positions.weight",
                                     embedding_table(rows, d, vocab.pad_id, seed, "decoder.embed_positions.weight"));
  }
  for (int i = 0; i < config_.encoder_layers; ++i) {
    const std::string p = "encoder.layers." + std::to_string(i);
    encoder_layers_.push_back({nn::MultiHeadAttention(params_, p + ".self_attn", d, h, attn_drop, seed),
                               nn::LayerNorm(params_, p + ".self_attn_layer_norm", d),
                               nn::LayerNorm(params_, p + ".final_layer_norm", d),
                               nn::FeedForward(params_, p, d, f, config_.activation, act_drop, seed)});
  }
  for (int i = 0; i < config_.decoder_layers; ++i) {
    const std::string p = "decoder.layers." + std::to_string(i);
    decoder_layers_.push_back({nn::MultiHeadAttention(params_, p + ".self_attn", d, h, attn_drop, seed),
                               nn::MultiHeadAttention(params_, p + ".encoder_attn", d, h, attn_drop, seed),
                               nn::LayerNorm(params_, p + ".self_attn_layer_norm", d),
                               nn::LayerNorm(params_, p + ".encoder_attn_layer_norm", d),
                               nn::LayerNorm(params_, p + ".final_layer_norm", d),
                               nn::FeedForward(params_, p, d, f, config_.activation, act_drop, seed)});
  }
  if (config_.normalize_before) {
    encoder_final_norm_ = nn::LayerNorm(params_, "encoder.layer_norm", d);
    decoder_final_norm_ = nn::LayerNorm(params_, "decoder.layer_norm", d);
  }
}

Tensor Transformer::padding_mask(const Tensor& ids) const {
  VENTRIS_CHECK(ids.dtype() == DType::I32 && ids.rank() == 2, "token ids must be [B, T] I32, got {} {}",
                ids.shape().str(), dtype_name(ids.dtype()));
  Tensor host = ids.to(Device::cpu());
  Tensor mask = Tensor::empty(ids.shape(), DType::I32);
  for (int64_t i = 0; i < ids.numel(); ++i) mask.data<int32_t>()[i] = host.data<int32_t>()[i] == vocab_.pad_id;
  return mask.to(ids.device());
}

ag::Var Transformer::embed(const ag::Var& table, const ag::Var& positions, const Tensor& ids, nn::ForwardContext& ctx,
                           int64_t offset) const {
  const int64_t d = config_.d_model;
  VENTRIS_CHECK(offset + ids.size(1) <= config_.max_positions, "sentence of {} tokens exceeds model.max_positions = {}",
                offset + ids.size(1), config_.max_positions);
  ag::Var x = ag::scale(ag::embedding(table, ids, vocab_.pad_id), std::sqrt(static_cast<float>(d)));
  if (positions.defined())
    x = ag::add(x, ag::embedding(positions, nn::position_ids(ids.to(Device::cpu()), vocab_.pad_id, offset).to(ids.device()),
                                 vocab_.pad_id));
  else
    x = ag::add(x, ag::Var(nn::sinusoidal_positions(ids.to(Device::cpu()), d, vocab_.pad_id, offset).to(ids.device())));
  return ctx.dropout(x, static_cast<float>(config_.dropout));
}

template <class Sublayer>
ag::Var Transformer::residual(const ag::Var& x, const nn::LayerNorm& norm, nn::ForwardContext& ctx,
                              Sublayer&& sublayer) const {
  const auto p = static_cast<float>(config_.dropout);
  if (config_.normalize_before) return ag::add(x, ctx.dropout(sublayer(norm(x)), p));
  return norm(ag::add(x, ctx.dropout(sublayer(x), p)));
}

ag::Var Transformer::encode(const Tensor& src, nn::ForwardContext& ctx) const {
  const Tensor pad = padding_mask(src);
  ag::Var x = embed(encoder_embed_, encoder_positions_, src, ctx);
  for (const EncoderLayer& layer : encoder_layers_) {
    x = residual(x, layer.self_attn_layer_norm, ctx,
                 [&](const ag::Var& in) { return layer.self_attn(in, in, {pad, false}, ctx); });
    x = residual(x, layer.final_layer_norm, ctx, [&](const ag::Var& in) { return layer.ffn(in, ctx); });
  }
  return config_.normalize_before ? encoder_final_norm_(x) : x;
}

ag::Var Transformer::decode(const ag::Var& encoder_out, const Tensor& src_padding, const Tensor& tgt_in,
                            nn::ForwardContext& ctx) const {
  ag::Var x = embed(decoder_embed_, decoder_positions_, tgt_in, ctx);
  for (const DecoderLayer& layer : decoder_layers_) {
    // Right padding: the causal mask alone keeps real positions away from pads.
    x = residual(x, layer.self_attn_layer_norm, ctx,
                 [&](const ag::Var& in) { return layer.self_attn(in, in, {Tensor(), true}, ctx); });
    x = residual(x, layer.encoder_attn_layer_norm, ctx,
                 [&](const ag::Var& in) { return layer.encoder_attn(in, encoder_out, {src_padding, false}, ctx); });
    x = residual(x, layer.final_layer_norm, ctx, [&](const ag::Var& in) { return layer.ffn(in, ctx); });
  }
  if (config_.normalize_before) x = decoder_final_norm_(x);
  return ag::matmul(x, output_projection_, false, true);  // [B, T, V], no bias
}

DecoderState Transformer::start_decoding(const Tensor& src) const {
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  DecoderState state;
  // Cross-attention reads each source's first `length` keys, so padding must
  // be a suffix (as every batch here pads).
  const Tensor padding = padding_mask(src).to(Device::cpu());
  const int64_t b = src.size(0), s = src.size(1);
  for (int64_t i = 0; i < b; ++i) {
    const int32_t* row = padding.data<int32_t>() + i * s;
    int64_t length = 0;
    while (length < s && !row[length]) ++length;
    for (int64_t j = length; j < s; ++j)
      VENTRIS_CHECK(row[j], "start_decoding: source {} has padding before position {} (pad only at the end)", i, j);
    state.source_lengths.push_back(static_cast<int32_t>(length));
    state.sentence_of_row.push_back(i);
  }
  state.upload_indices(src.device());
  const ag::Var enc = encode(src, eval);  // [B, S, D]
  for (const DecoderLayer& layer : decoder_layers_)
    state.layers.push_back(
        {Tensor(), Tensor(), layer.encoder_attn.k_proj(enc).value(), layer.encoder_attn.v_proj(enc).value()});
  return state;
}

Tensor Transformer::decode_step(const Tensor& last_tokens, DecoderState& state) const {
  VENTRIS_CHECK(last_tokens.dtype() == DType::I32 && last_tokens.rank() == 1 && last_tokens.size(0) == state.rows(),
                "decode_step needs [N] I32 tokens for a state of {} rows, got {} {}", state.rows(),
                last_tokens.shape().str(), dtype_name(last_tokens.dtype()));
  VENTRIS_CHECK(state.layers.size() == decoder_layers_.size(), "decoder state has {} layers, the model {}",
                state.layers.size(), decoder_layers_.size());
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  const int64_t n = last_tokens.size(0);
  ag::Var x = embed(decoder_embed_, decoder_positions_, last_tokens.reshape({n, 1}), eval, state.steps);  // [N, 1, D]
  const Tensor continued_rows = state.take_pending_rows();  // [N] I32 or undefined
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    const DecoderLayer& layer = decoder_layers_[i];
    DecoderLayerState& cache = state.layers[i];
    x = residual(x, layer.self_attn_layer_norm, eval, [&](const ag::Var& in) {
      // The new position's K/V join the cache; the query attends to every
      // cached position, which is exactly what the causal mask allows it.
      // The caches take the search's reorder and the new position in one copy.
      const Tensor k = layer.self_attn.k_proj(in).value(), v = layer.self_attn.v_proj(in).value();  // [N, 1, D]
      cache.self_k = ops::cache_append(cache.self_k, state.steps, k, continued_rows);  // holds t+1 positions
      cache.self_v = ops::cache_append(cache.self_v, state.steps, v, continued_rows);
      return layer.self_attn.attend_step(in, cache.self_k, cache.self_v, {}, {}, state.steps + 1);
    });
    x = residual(x, layer.encoder_attn_layer_norm, eval, [&](const ag::Var& in) {
      return layer.encoder_attn.attend_step(in, cache.cross_k, cache.cross_v, state.row_sentence,
                                            state.source_lengths_tensor);
    });
    x = residual(x, layer.final_layer_norm, eval, [&](const ag::Var& in) { return layer.ffn(in, eval); });
  }
  if (config_.normalize_before) x = decoder_final_norm_(x);
  ++state.steps;
  const ag::Var logits = ag::matmul(ag::reshape(x, {n, config_.d_model}), output_projection_, false, true);  // [N, V]
  return ops::log_softmax(logits.value());
}

LossOutput Transformer::loss(const Batch& batch, float label_smoothing, nn::ForwardContext& ctx) const {
  VENTRIS_CHECK(batch.tgt_in.shape() == batch.tgt_out.shape(), "tgt_in {} and tgt_out {} differ",
                batch.tgt_in.shape().str(), batch.tgt_out.shape().str());
  ag::Var enc = encode(batch.src, ctx);
  ag::Var logits = decode(enc, padding_mask(batch.src), batch.tgt_in, ctx);
  auto ce = ag::label_smoothed_cross_entropy(ag::reshape(logits, {-1, vocab_.tgt_size}),
                                             batch.tgt_out.reshape({-1}), label_smoothing, vocab_.pad_id);
  return {ce.loss, ce.nll, ce.tokens};
}

}  // namespace ventris::models
