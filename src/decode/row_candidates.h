// The best continuations of every row of a step, ranked where the
// log-probabilities are (the model's device): the search's rules
// (ops/math/decoding_rules.h: no pad or BOS, the unk penalty, EOS before the
// minimum length, only EOS at the maximum), then the top `count` tokens of
// each row (ops::topk: value descending, lower token on ties). Only [N, count]
// pairs come back to the host, where a search on a GPU would otherwise copy
// [N, V] every step.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "core/tensor.h"
#include "decode/search_options.h"
#include "decode/step_model.h"

namespace ventris::decode {

struct RowLength {
  int64_t generated;   // tokens the hypothesis has (no EOS)
  int64_t max_tokens;  // the most it may have before EOS
};

struct RowCandidates {
  int64_t count = 0;            // per row (the request, at most V)
  std::vector<float> values;    // [N, count], best first; -inf (or NaN) is no candidate
  std::vector<int32_t> tokens;  // [N, count]

  static bool usable(float value) { return value > -std::numeric_limits<float>::infinity(); }
};

// One step of `model` for rows fed `last_tokens` (row i is rows[i] long),
// ranked: each row's best `count` continuations.
RowCandidates best_continuations(StepModel& model, const std::vector<int32_t>& last_tokens,
                                 const std::vector<RowLength>& rows, int64_t count, const SearchOptions& options);

}  // namespace ventris::decode
