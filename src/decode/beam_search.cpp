// Batched beam search; the rules are described in search.h.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "decode/search.h"
#include "decode/row_candidates.h"

namespace ventris::decode {

namespace {

struct OpenHypothesis {
  std::vector<int32_t> tokens;  // generated so far (no EOS)
  double score = 0;
};

// A continuation of open hypothesis `local_row` (its rank within its
// sentence, never a batch position, so ties break the same way in any batch).
struct Candidate {
  double score;
  int64_t local_row;
  int32_t token;
};

bool ranks_before(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.local_row != b.local_row) return a.local_row < b.local_row;
  return a.token < b.token;
}

struct SentenceSearch {
  std::vector<OpenHypothesis> open;
  std::vector<Hypothesis> finished;  // best normalised score first, at most `beam`
  int64_t max_tokens = 0;
  bool done = false;
};

void add_finished(SentenceSearch& s, Hypothesis h, size_t beam) {
  // After every entry with an equal or better score: earlier finishers win ties.
  auto at = std::upper_bound(s.finished.begin(), s.finished.end(), h.normalized,
                             [](double value, const Hypothesis& e) { return value > e.normalized; });
  s.finished.insert(at, std::move(h));
  if (s.finished.size() > beam) s.finished.pop_back();
}

// An upper bound on the normalised score of every hypothesis that `h` can
// still finish as. Each further token adds a log-probability <= 0, or at most
// `gain` for the unknown token when unk_penalty is negative (the rules subtract
// the penalty in float, so the gain is that float's); the final length is
// anywhere from the shortest the rules allow to the limit + EOS. Without a
// gain the score can only fall, and score / normaliser(length) is monotone in
// the length for a fixed score (in floating point too: the normaliser is
// monotone, division by it is monotone), so one end of the range is the best.
// With a gain every length is tried, and the bound adds a margin far above the
// rounding of the finished score's up to a million double additions.
double best_reachable(const OpenHypothesis& h, int64_t max_tokens, const SearchOptions& options) {
  const auto generated = static_cast<int64_t>(h.tokens.size());
  const double penalty = static_cast<float>(options.unk_penalty);
  const double gain = options.no_unk ? 0.0 : std::max(0.0, -penalty);
  const int64_t shortest = std::max<int64_t>(generated, std::min<int64_t>(options.min_len, max_tokens)) + 1;
  const int64_t longest = max_tokens + 1;  // lengths count the EOS
  if (gain == 0.0)
    return std::max(normalized_score(h.score, shortest, options), normalized_score(h.score, longest, options));
  double best = -std::numeric_limits<double>::infinity();
  for (int64_t length = shortest; length <= longest; ++length) {
    const double gained = gain * static_cast<double>(length - 1 - generated);
    const double score = h.score + gained + 1e-9 * (std::abs(h.score) + gained + 1.0);
    best = std::max(best, normalized_score(score, length, options));
  }
  return best;
}

// Whether the sentence's n-best can still change: some open hypothesis might
// finish above the n-th finished one (a finished hypothesis with an equal score
// ranks after the earlier ones, so equality cannot change it).
bool n_best_can_change(const SentenceSearch& s, const SearchOptions& options) {
  const auto n = static_cast<size_t>(options.nbest);
  if (s.finished.size() < n) return true;
  const double nth = s.finished[n - 1].normalized;
  for (const OpenHypothesis& h : s.open)
    if (best_reachable(h, s.max_tokens, options) > nth) return true;
  return false;
}

// The stopping rules (search.h). Either rule also ends a sentence whose n-best
// can no longer change: continuing could only add hypotheses ranked below it,
// so the output is the same, bit for bit, as continuing would give.
bool finished_searching(const SentenceSearch& s, const SearchOptions& options) {
  if (s.open.empty()) return true;
  if (options.stopping == Stopping::kBeam && s.finished.size() >= static_cast<size_t>(options.beam)) return true;
  return !n_best_can_change(s, options);
}

// One step of one sentence: ranks the continuations of its open rows (which
// start at batch row `first_row`; each row's best 2·beam tokens in `best`),
// finishes or extends hypotheses and decides whether the sentence is done.
// Returns the batch row each new open hypothesis continues. A row's best
// 2·beam hold the sentence's best 2·beam candidates from that row, so ranking
// them is ranking the whole vocabulary.
std::vector<int64_t> advance_sentence(SentenceSearch& s, const RowCandidates& best, int64_t first_row, size_t beam,
                                      const SearchOptions& options, const SpecialTokens& specials) {
  std::vector<Candidate> candidates;
  for (size_t j = 0; j < s.open.size(); ++j) {
    const int64_t at = (first_row + static_cast<int64_t>(j)) * best.count;
    for (int64_t r = 0; r < best.count; ++r) {
      const float value = best.values[static_cast<size_t>(at + r)];
      if (!RowCandidates::usable(value)) break;  // the rest rank lower still
      candidates.push_back({s.open[j].score + static_cast<double>(value), static_cast<int64_t>(j),
                            best.tokens[static_cast<size_t>(at + r)]});
    }
  }
  std::sort(candidates.begin(), candidates.end(), ranks_before);
  if (candidates.size() > 2 * beam) candidates.resize(2 * beam);

  std::vector<OpenHypothesis> next_open;
  std::vector<int64_t> origins;
  for (size_t rank = 0; rank < candidates.size() && next_open.size() < beam; ++rank) {
    const Candidate& c = candidates[rank];
    const OpenHypothesis& parent = s.open[static_cast<size_t>(c.local_row)];
    if (c.token == specials.eos) {
      // fairseq: only an EOS ranking among the best `beam` candidates finishes.
      if (rank < beam) {
        const auto length = static_cast<int64_t>(parent.tokens.size()) + 1;
        add_finished(s, {parent.tokens, c.score, normalized_score(c.score, length, options)}, beam);
      }
      continue;
    }
    OpenHypothesis extended{parent.tokens, c.score};
    extended.tokens.push_back(c.token);
    next_open.push_back(std::move(extended));
    origins.push_back(first_row + c.local_row);
  }
  s.open = std::move(next_open);
  s.done = finished_searching(s, options);
  if (s.done) s.open.clear();
  return origins;
}

}  // namespace

std::vector<std::vector<Hypothesis>> beam_search(StepModel& model, const std::vector<std::vector<int32_t>>& sources,
                                                 const SearchOptions& options) {
  options.validate();
  const auto beam = static_cast<size_t>(options.beam);
  const SpecialTokens specials = model.specials();
  std::vector<SentenceSearch> sentences(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    sentences[i].open.push_back({});
    sentences[i].max_tokens =
        max_output_tokens(static_cast<int64_t>(sources[i].size()), model.max_output_tokens(), options);
  }
  if (sources.empty()) return {};
  model.start(sources);

  // active[k]: the sentences with rows in the state, in row order; each owns
  // sentences[active[k]].open.size() consecutive rows.
  std::vector<size_t> active(sources.size());
  for (size_t i = 0; i < active.size(); ++i) active[i] = i;
  while (!active.empty()) {
    std::vector<int32_t> last_tokens;
    std::vector<RowLength> lengths;
    for (size_t s : active)
      for (const OpenHypothesis& h : sentences[s].open) {
        last_tokens.push_back(h.tokens.empty() ? specials.eos : h.tokens.back());
        lengths.push_back({static_cast<int64_t>(h.tokens.size()), sentences[s].max_tokens});
      }
    const RowCandidates best =
        best_continuations(model, last_tokens, lengths, 2 * static_cast<int64_t>(beam), options);

    std::vector<std::vector<int64_t>> origins(active.size());
    int64_t first_row = 0;
    for (size_t k = 0; k < active.size(); ++k) {
      const auto rows = static_cast<int64_t>(sentences[active[k]].open.size());
      origins[k] = advance_sentence(sentences[active[k]], best, first_row, beam, options, specials);
      first_row += rows;
    }
    std::vector<size_t> still_active;
    std::vector<int64_t> next_rows;
    for (size_t k = 0; k < active.size(); ++k) {
      if (sentences[active[k]].done) continue;
      still_active.push_back(active[k]);
      next_rows.insert(next_rows.end(), origins[k].begin(), origins[k].end());
    }
    active = std::move(still_active);
    if (!active.empty()) model.reorder(next_rows);
  }

  std::vector<std::vector<Hypothesis>> results(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    std::vector<Hypothesis>& f = sentences[i].finished;
    if (f.empty()) {
      // Only when the model gave every continuation probability 0.
      f.push_back({{}, -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()});
    }
    if (f.size() > static_cast<size_t>(options.nbest)) f.resize(static_cast<size_t>(options.nbest));
    results[i] = std::move(f);
  }
  return results;
}

}  // namespace ventris::decode
