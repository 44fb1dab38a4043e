// Batched search over all sentences at once (architectures.md §6).
//
// Beam search keeps up to `beam` open hypotheses per sentence as rows of the
// model's state (N = Σ open hypotheses). Each step scores every row's
// continuations, ranks each sentence's candidates (summed log-probability;
// ties by row, then token id, so results never depend on batch composition),
// finishes the EOS candidates that rank among the top `beam` and keeps the
// best `beam` others open. A sentence is done when `beam` hypotheses finished
// and no open one can beat the worst of them under the length normalisation
// even in the best case (every further token at probability 1, any length up
// to the limit) — so a beam as large as the search space is exhaustive — or,
// with early_stop, as soon as `beam` finished (fairseq). Done sentences leave
// the batch: the state is reordered to the surviving rows every step.
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
