// Decoding rules on a step's log-probabilities [rows, vocab], in place: the
// reference for cuda/ops/decoding_rules.cu. Which columns a rule touches and
// what it writes is math::ruled_logp (ops/math/decoding_rules.h, shared with
// the CUDA twin); this loop only decides which columns to visit. Rows are
// independent and each element is rewritten at most once, so the result does
// not depend on threads.
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void apply_decoding_rules(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                          const math::DecodingRules& rules) {
#pragma omp parallel for schedule(static) if (rows * vocab >= (1 << 16))
  for (int64_t r = 0; r < rows; ++r) {
    float* row = logp + r * vocab;
    const int32_t flags = row_flags[r];
    if (!(flags & math::kRowMustEnd)) {  // the common case: only the special columns change
      const int64_t specials[4] = {rules.pad, rules.bos, rules.unk, rules.eos};
      for (int s = 0; s < 4; ++s) {
        const int64_t t = specials[s];
        bool seen = false;  // each column once, whatever ids coincide
        for (int e = 0; e < s; ++e) seen = seen || specials[e] == t;
        if (!seen && t >= 0 && t < vocab) row[t] = math::ruled_logp(row[t], t, flags, rules);
      }
      continue;
    }
    // A row that must end (e.g. at the length limit) rewrites every column.
    for (int64_t v = 0; v < vocab; ++v) row[v] = math::ruled_logp(row[v], v, flags, rules);
  }
}

}  // namespace ventris::cpu
