// The per-step rules on a row of log-probabilities, shared by beam and greedy
// search: never pad or BOS, the unknown token penalised or banned, EOS masked
// before min_len, and only EOS once the hypothesis reached its maximum length.
#pragma once

#include <cstdint>

#include "decode/search_options.h"
#include "decode/step_model.h"

namespace ventris::decode {

// logp [V] in place. `generated`: tokens the hypothesis has before this one;
// `max_tokens`: the most it may have before EOS.
void constrain_row(float* logp, int64_t vocab, int64_t generated, int64_t max_tokens, const SearchOptions& options,
                   const SpecialTokens& specials);

}  // namespace ventris::decode
