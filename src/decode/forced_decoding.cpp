#include "decode/forced_decoding.h"

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "decode/length_batches.h"
#include "decode/model_step_model.h"
#include "decode/translator.h"
#include "ops/softmax.h"

namespace ventris::decode {

std::vector<PairScore> score_pairs(const models::EncoderDecoder& model, const std::vector<std::vector<int32_t>>& sources,
                                   const std::vector<std::vector<int32_t>>& targets, const SearchOptions& options,
                                   int batch_size) {
  VENTRIS_CHECK(sources.size() == targets.size(), "{} sources but {} targets", sources.size(), targets.size());
  const SpecialTokens specials = special_tokens(model);
  const int32_t eos = specials.eos, pad = specials.pad;
  const int64_t max_positions = model.config().max_positions, vocab = model.vocab().tgt_size;
  std::vector<std::vector<int32_t>> src, tgt_in, tgt_out;
  std::vector<size_t> keys;
  for (size_t i = 0; i < sources.size(); ++i) {
    src.push_back(prepare_source(sources[i], max_positions, eos));
    VENTRIS_CHECK(static_cast<int64_t>(targets[i].size()) + 1 <= max_positions,
                  "target {} has {} tokens; the model positions at most {} (with EOS)", i + 1, targets[i].size(),
                  max_positions);
    std::vector<int32_t> in{eos}, out = targets[i];
    in.insert(in.end(), targets[i].begin(), targets[i].end());
    out.push_back(eos);
    tgt_in.push_back(std::move(in));
    tgt_out.push_back(std::move(out));
    // One batch per (source length, target length): nothing is padded.
    keys.push_back(src.back().size() * static_cast<size_t>(max_positions + 1) + tgt_out.back().size());
  }
  std::vector<PairScore> scores(sources.size());
  ag::NoGradGuard no_grad;
  for (const std::vector<size_t>& batch : length_batches(keys, batch_size, 0)) {
    std::vector<std::vector<int32_t>> b_src, b_in;
    for (size_t i : batch) {
      b_src.push_back(src[i]);
      b_in.push_back(tgt_in[i]);
    }
    const Tensor src_ids = pad_batch(b_src, pad).to(model.device());
    const Tensor in_ids = pad_batch(b_in, pad).to(model.device());
    nn::ForwardContext eval;
    const ag::Var enc = model.encode(src_ids, eval);
    const ag::Var logits = model.decode(enc, model.padding_mask(src_ids), in_ids, eval);  // [B, T, V]
    const int64_t b = in_ids.size(0), t = in_ids.size(1);
    const Tensor logp = ops::log_softmax(logits.value().reshape({b * t, vocab})).to(Device::cpu());
    const float* lp = logp.data<float>();
    for (size_t k = 0; k < batch.size(); ++k) {
      PairScore& s = scores[batch[k]];
      const std::vector<int32_t>& y = tgt_out[batch[k]];
      for (size_t j = 0; j < y.size(); ++j)
        s.score += static_cast<double>(lp[(static_cast<int64_t>(k) * t + static_cast<int64_t>(j)) * vocab + y[j]]);
      s.length = static_cast<int64_t>(y.size());
      s.normalized = normalized_score(s.score, s.length, options);
    }
  }
  return scores;
}

}  // namespace ventris::decode
