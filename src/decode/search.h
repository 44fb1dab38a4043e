// Batched search over all sentences at once (architectures.md §6).
//
// Beam search keeps up to `beam` open hypotheses per sentence as rows of the
// model's state (N = Σ open hypotheses). Each step scores every row's
// continuations, ranks each sentence's candidates (summed log-probability;
// ties by row, then token id, so results never depend on batch composition),
// finishes the EOS candidates that rank among the top `beam` and keeps the
// best `beam` others open. When a sentence is done is `stopping`:
//
// - beam (the default; fairseq's rule, behind the recipes' published numbers):
//   once `beam` hypotheses finished. Fast; a longer hypothesis still open then
//   might have finished with a better normalised score.
// - exhaustive: once no open hypothesis can still enter the n-best, even in the
//   best case (every further token at probability 1 — or at the unknown
//   token's bonus of a negative unk_penalty — and whichever final length up to
//   the limit normalises best). This returns what running until no hypothesis
//   is open returns, so a beam as large as the search space is an exhaustive
//   search. The bound is provable and no tighter one exists without looking
//   ahead, so its cost grows with the length limit: with α > 0 a hypothesis
//   stays "promising" until its score falls below the n-th finished score
//   times normaliser(limit + 1). Measured on Multi30k test2016 (beam 5,
//   docs/translate.md): 5.0x the beam rule's decoder work with the default
//   limit 0·S + 200, 1.3x with max_len_a 1.2, max_len_b 10.
//
// Either rule also ends a sentence as soon as its n-best can no longer change,
// which leaves its output as it was. Done sentences leave the batch: the state
// is reordered to the surviving rows every step.
//
// beam = 1 is greedy decoding: the argmax token until EOS.
#pragma once

#include <cstdint>
#include <vector>

#include "decode/hypothesis.h"
#include "decode/search_options.h"
#include "decode/step_model.h"

namespace ventris::decode {

// sources: ids ending with EOS. Returns per sentence up to `nbest`
// hypotheses, best normalised score first.
std::vector<std::vector<Hypothesis>> search(StepModel& model, const std::vector<std::vector<int32_t>>& sources,
                                            const SearchOptions& options);

std::vector<std::vector<Hypothesis>> beam_search(StepModel& model, const std::vector<std::vector<int32_t>>& sources,
                                                 const SearchOptions& options);
std::vector<std::vector<Hypothesis>> greedy_search(StepModel& model,
                                                   const std::vector<std::vector<int32_t>>& sources,
                                                   const SearchOptions& options);

}  // namespace ventris::decode
