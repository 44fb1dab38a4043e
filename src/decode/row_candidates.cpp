#include "decode/row_candidates.h"

#include <algorithm>

#include "core/error.h"
#include "ops/decoding_rules.h"
#include "ops/topk.h"

namespace ventris::decode {

RowCandidates best_continuations(StepModel& model, const std::vector<int32_t>& last_tokens,
                                 const std::vector<RowLength>& rows, int64_t count, const SearchOptions& options) {
  const auto n = static_cast<int64_t>(rows.size());
  const int64_t vocab = model.vocab_size();
  Tensor logp = model.step(last_tokens);
  VENTRIS_CHECK(logp.rank() == 2 && logp.size(0) == n && logp.size(1) == vocab,
                "step model returned {} log-probabilities for {} rows of {} tokens", logp.shape().str(), n, vocab);
  const SpecialTokens specials = model.specials();
  std::vector<int32_t> flags(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].generated >= rows[i].max_tokens) flags[i] |= math::kRowMustEnd;  // fairseq forces EOS here
    if (rows[i].generated < options.min_len) flags[i] |= math::kRowEosBanned;
  }
  math::DecodingRules rules;
  rules.pad = specials.pad;
  rules.bos = specials.bos;
  rules.eos = specials.eos;
  rules.unk = specials.unk;
  rules.unk_penalty = static_cast<float>(options.unk_penalty);
  rules.no_unk = options.no_unk;
  ops::apply_decoding_rules(logp, Tensor::from_vector(flags, {n}).to(logp.device()), rules);

  RowCandidates out;
  out.count = std::min(count, logp.size(1));
  const ops::TopK best = ops::topk(logp, out.count);
  out.values = best.values.to(Device::cpu()).to_vector<float>();
  out.tokens = best.indices.to(Device::cpu()).to_vector<int32_t>();
  return out;
}

}  // namespace ventris::decode
