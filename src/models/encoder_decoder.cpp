#include "models/encoder_decoder.h"

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "ops/softmax.h"

namespace ventris::models {

EncoderDecoder::EncoderDecoder(const ModelConfig& config, const Vocab& vocab) : config_(config), vocab_(vocab) {
  config_.validate();
}

Tensor EncoderDecoder::padding_mask(const Tensor& ids) const {
  VENTRIS_CHECK(ids.dtype() == DType::I32 && ids.rank() == 2, "token ids must be [B, T] I32, got {} {}",
                ids.shape().str(), dtype_name(ids.dtype()));
  Tensor host = ids.to(Device::cpu());
  Tensor mask = Tensor::empty(ids.shape(), DType::I32);
  for (int64_t i = 0; i < ids.numel(); ++i) mask.data<int32_t>()[i] = host.data<int32_t>()[i] == vocab_.pad_id;
  return mask.to(ids.device());
}

LossOutput EncoderDecoder::loss(const Batch& batch, float label_smoothing, nn::ForwardContext& ctx) const {
  VENTRIS_CHECK(batch.tgt_in.shape() == batch.tgt_out.shape(), "tgt_in {} and tgt_out {} differ",
                batch.tgt_in.shape().str(), batch.tgt_out.shape().str());
  ag::Var enc = encode(batch.src, ctx);
  ag::Var logits = decode(enc, padding_mask(batch.src), batch.tgt_in, ctx);
  auto ce = ag::label_smoothed_cross_entropy(ag::reshape(logits, {-1, vocab_.tgt_size}),
                                             batch.tgt_out.reshape({-1}), label_smoothing, vocab_.pad_id);
  return {ce.loss, ce.nll, ce.tokens};
}

DecoderState EncoderDecoder::start_decoding(const Tensor& src) const {
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
  state.layers = decoder_slots(encode(src, eval));
  return state;
}

Tensor EncoderDecoder::decode_step(const Tensor& last_tokens, DecoderState& state) const {
  VENTRIS_CHECK(last_tokens.dtype() == DType::I32 && last_tokens.rank() == 1 && last_tokens.size(0) == state.rows(),
                "decode_step needs [N] I32 tokens for a state of {} rows, got {} {}", state.rows(),
                last_tokens.shape().str(), dtype_name(last_tokens.dtype()));
  VENTRIS_CHECK(state.layers.size() == static_cast<size_t>(config_.decoder_layers),
                "decoder state has {} layers, the model {}", state.layers.size(), config_.decoder_layers);
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  state.begin_step();
  const ag::Var logits = step_logits(last_tokens.reshape({last_tokens.size(0), 1}), state, eval);
  state.end_step();
  return ops::log_softmax(logits.value());
}

}  // namespace ventris::models
