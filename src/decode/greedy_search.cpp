// Greedy decoding (beam 1): each row takes its argmax token (the lowest id on
// ties) until EOS; finished rows leave the batch.
#include <limits>

#include "core/error.h"
#include "decode/search.h"
#include "decode/row_candidates.h"

namespace ventris::decode {

std::vector<std::vector<Hypothesis>> greedy_search(StepModel& model,
                                                   const std::vector<std::vector<int32_t>>& sources,
                                                   const SearchOptions& options) {
  options.validate();
  const SpecialTokens specials = model.specials();
  std::vector<std::vector<Hypothesis>> results(sources.size());
  if (sources.empty()) return results;

  struct Row {
    size_t sentence;
    int64_t max_tokens;
    std::vector<int32_t> tokens;
    double score = 0;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < sources.size(); ++i)
    rows.push_back({i, max_output_tokens(static_cast<int64_t>(sources[i].size()), model.max_output_tokens(), options),
                    {}, 0.0});
  model.start(sources);

  while (!rows.empty()) {
    std::vector<int32_t> last_tokens;
    std::vector<RowLength> lengths;
    for (const Row& r : rows) {
      last_tokens.push_back(r.tokens.empty() ? specials.eos : r.tokens.back());
      lengths.push_back({static_cast<int64_t>(r.tokens.size()), r.max_tokens});
    }
    // The argmax of each row, found on the model's device (the lowest id on ties).
    const RowCandidates top = best_continuations(model, last_tokens, lengths, 1, options);
    std::vector<Row> open;
    std::vector<int64_t> survivors;
    for (size_t i = 0; i < rows.size(); ++i) {
      Row& r = rows[i];
      const float best_value = top.values[i];
      const int32_t best = top.tokens[i];
      r.score += static_cast<double>(best_value);
      if (best == specials.eos || !RowCandidates::usable(best_value)) {
        const auto length = static_cast<int64_t>(r.tokens.size()) + 1;
        results[r.sentence].push_back({std::move(r.tokens), r.score, normalized_score(r.score, length, options)});
        continue;
      }
      r.tokens.push_back(best);
      survivors.push_back(static_cast<int64_t>(i));
      open.push_back(std::move(r));
    }
    rows = std::move(open);
    if (!rows.empty()) model.reorder(survivors);
  }
  return results;
}

std::vector<std::vector<Hypothesis>> search(StepModel& model, const std::vector<std::vector<int32_t>>& sources,
                                            const SearchOptions& options) {
  return options.beam == 1 ? greedy_search(model, sources, options) : beam_search(model, sources, options);
}

}  // namespace ventris::decode
