#include "decode/token_constraints.h"

#include <limits>

namespace ventris::decode {

void constrain_row(float* logp, int64_t vocab, int64_t generated, int64_t max_tokens, const SearchOptions& options,
                   const SpecialTokens& specials) {
  constexpr float kNever = -std::numeric_limits<float>::infinity();
  auto set = [&](int32_t id, float value) {
    if (id >= 0 && id < vocab) logp[id] = value;
  };
  if (generated >= max_tokens) {
    // The hypothesis must end here (fairseq forces EOS at the length limit).
    const float eos = specials.eos >= 0 && specials.eos < vocab ? logp[specials.eos] : kNever;
    for (int64_t v = 0; v < vocab; ++v) logp[v] = kNever;
    set(specials.eos, eos);
    return;
  }
  set(specials.pad, kNever);
  set(specials.bos, kNever);
  if (specials.unk >= 0 && specials.unk < vocab)
    logp[specials.unk] = options.no_unk ? kNever : logp[specials.unk] - static_cast<float>(options.unk_penalty);
  if (generated < options.min_len) set(specials.eos, kNever);
}

}  // namespace ventris::decode
