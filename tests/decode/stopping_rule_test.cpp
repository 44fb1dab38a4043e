// Beam search's stopping rules (search.h), against a plain re-implementation
// of the same search over fixed-table models: `stopping: beam` is fairseq's
// rule; `stopping: exhaustive` returns exactly what the search returns when it
// runs until no hypothesis is open, and what the exact rule with its earlier,
// loose bound returned, in no more steps; a case where the two rules differ,
// with both answers. (Batch invariance under either rule: beam_search_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "decode/search.h"
#include "table_step_model.h"

namespace ventris::decode {
namespace {

using test::TableStepModel;
constexpr int32_t kBos = 0, kPad = 1, kEos = 2, kUnk = 3;

// When the reference search ends a sentence.
enum class ReferenceRule {
  kNothingOpen,   // only when no hypothesis is open (the length limit forces EOS at the latest)
  kBeamFinished,  // fairseq: once `beam` hypotheses finished
  kLooseBound,    // the exact rule before the tighter bound: `beam` finished and no open hypothesis could
                  // beat the beam-th (not the n-th) of them at any length up to the limit
};

struct ReferenceResult {
  std::vector<Hypothesis> nbest;
  int64_t steps = 0;
};

// The beam search of search.h written out for one sentence, scoring the whole
// vocabulary of every open hypothesis: the per-step rules, the best 2·beam
// candidates (score, then hypothesis rank, then token), EOS among the best
// `beam` finishes, the best `beam` others stay open.
ReferenceResult reference_search(const TableStepModel& model, const std::vector<int32_t>& source,
                                 const SearchOptions& o, ReferenceRule rule) {
  const int64_t max_tokens = max_output_tokens(std::ssize(source), model.max_output_tokens(), o);
  const auto beam = static_cast<size_t>(o.beam);
  struct Open {
    std::vector<int32_t> tokens;
    double score;
  };
  struct Candidate {
    double score;
    size_t row;
    int32_t token;
  };
  std::vector<Open> open{{{}, 0.0}};
  std::vector<Hypothesis> finished;  // best first, earlier first among equals, at most `beam`
  ReferenceResult result;
  auto could_beat_worst = [&](const Open& h) {
    const auto g = std::ssize(h.tokens);
    const double gain = o.no_unk ? 0.0 : std::max(0.0, -o.unk_penalty);
    for (int64_t length = std::max<int64_t>(g, std::min<int64_t>(o.min_len, max_tokens)) + 1;
         length <= max_tokens + 1; ++length)
      if (normalized_score(h.score + gain * static_cast<double>(length - 1 - g), length, o) >
          finished.back().normalized)
        return true;
    return false;
  };
  while (!open.empty()) {
    ++result.steps;
    std::vector<Candidate> candidates;
    for (size_t j = 0; j < open.size(); ++j) {
      const auto g = std::ssize(open[j].tokens);
      const std::vector<float> d = model.distribution(source, open[j].tokens);
      for (int32_t t = 0; t < model.vocab_size(); ++t) {
        float v = d[static_cast<size_t>(t)];
        if (g >= max_tokens && t != kEos) continue;
        if (g < max_tokens) {
          if (t == kBos || t == kPad || (t == kUnk && o.no_unk) || (t == kEos && g < o.min_len)) continue;
          if (t == kUnk) v -= static_cast<float>(o.unk_penalty);
        }
        candidates.push_back({open[j].score + static_cast<double>(v), j, t});
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.row != b.row ? a.row < b.row : a.token < b.token;
    });
    if (candidates.size() > 2 * beam) candidates.resize(2 * beam);
    std::vector<Open> next;
    for (size_t rank = 0; rank < candidates.size() && next.size() < beam; ++rank) {
      const Candidate& c = candidates[rank];
      std::vector<int32_t> tokens = open[c.row].tokens;
      if (c.token != kEos) {
        tokens.push_back(c.token);
        next.push_back({tokens, c.score});
      } else if (rank < beam) {
        const Hypothesis h{tokens, c.score, normalized_score(c.score, std::ssize(tokens) + 1, o)};
        finished.insert(std::find_if(finished.begin(), finished.end(),
                                     [&](const Hypothesis& e) { return e.normalized < h.normalized; }),
                        h);
        if (finished.size() > beam) finished.pop_back();
      }
    }
    open = std::move(next);
    if (rule == ReferenceRule::kNothingOpen || finished.size() < beam) continue;
    if (rule == ReferenceRule::kBeamFinished || std::none_of(open.begin(), open.end(), could_beat_worst)) break;
  }
  finished.resize(std::min(finished.size(), static_cast<size_t>(o.nbest)));
  result.nbest = std::move(finished);
  return result;
}

const std::vector<std::vector<int32_t>> kSources{{7, 8, kEos}, {9, kEos}, {4, 4, 5, kEos}};

void expect_same_hypotheses(const std::vector<Hypothesis>& got, const std::vector<Hypothesis>& want,
                            const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].tokens, want[k].tokens) << what << " rank " << k;
    EXPECT_EQ(got[k].score, want[k].score) << what << " rank " << k;  // the same sums: bit for bit
    EXPECT_EQ(got[k].normalized, want[k].normalized) << what << " rank " << k;
  }
}

// Every combination of normalisation, unknown-token rule (a negative penalty
// is a gain), minimum length, beam and n-best, with a source-relative limit.
std::vector<SearchOptions> option_grid() {
  std::vector<SearchOptions> grid;
  const std::pair<double, LengthNormalization> normalizations[] = {{0.0, LengthNormalization::kFairseq},
                                                                   {1.0, LengthNormalization::kFairseq},
                                                                   {0.6, LengthNormalization::kFairseq},
                                                                   {0.6, LengthNormalization::kGnmt}};
  for (const auto& [lenpen, kind] : normalizations)
    for (double unk_penalty : {0.0, -0.3})
      for (int min_len : {1, 3})
        for (int beam : {2, 3, 5})
          for (int nbest : {1, beam}) {
            SearchOptions o;
            o.lenpen = lenpen;
            o.normalization = kind;
            o.unk_penalty = unk_penalty;
            o.min_len = min_len;
            o.beam = beam;
            o.nbest = nbest;
            o.max_len_a = 1.0;
            o.max_len_b = 4;
            grid.push_back(o);
          }
  return grid;
}

std::string describe(const SearchOptions& o, uint64_t salt) {
  return "salt " + std::to_string(salt) + " lenpen " + std::to_string(o.lenpen) + " gnmt " +
         std::to_string(o.normalization == LengthNormalization::kGnmt) + " unk " + std::to_string(o.unk_penalty) +
         " min_len " + std::to_string(o.min_len) + " beam " + std::to_string(o.beam) + " nbest " +
         std::to_string(o.nbest);
}

// Each rule returns the reference's answer (searching one sentence or all
// three together) in no more steps than the reference.
TEST(StoppingRule, BothRulesMatchTheReferenceAndTheTightBoundSavesSteps) {
  int64_t tight_steps = 0, loose_steps = 0, beam_rule_steps = 0, fairseq_steps = 0;
  for (uint64_t salt : {1, 2, 3, 4, 5}) {
    TableStepModel model(7, salt);
    for (SearchOptions o : option_grid()) {
      const std::string what = describe(o, salt);
      for (Stopping rule : {Stopping::kExhaustive, Stopping::kBeam}) {
        o.stopping = rule;
        const auto together = beam_search(model, kSources, o);
        for (size_t i = 0; i < kSources.size(); ++i) {
          const auto alone = beam_search(model, {kSources[i]}, o);
          const auto steps = std::ssize(model.rows_per_step);
          expect_same_hypotheses(together[i], alone[0], what + " batched");
          if (rule == Stopping::kBeam) {
            const ReferenceResult fairseq = reference_search(model, kSources[i], o, ReferenceRule::kBeamFinished);
            expect_same_hypotheses(alone[0], fairseq.nbest, what + " beam rule vs fairseq's");
            EXPECT_LE(steps, fairseq.steps) << what;
            beam_rule_steps += steps;
            fairseq_steps += fairseq.steps;
            continue;
          }
          const ReferenceResult until_end = reference_search(model, kSources[i], o, ReferenceRule::kNothingOpen);
          const ReferenceResult loose = reference_search(model, kSources[i], o, ReferenceRule::kLooseBound);
          expect_same_hypotheses(alone[0], until_end.nbest, what + " exhaustive vs until nothing open");
          expect_same_hypotheses(alone[0], loose.nbest, what + " exhaustive vs the loose bound");
          EXPECT_LE(steps, loose.steps) << what;
          tight_steps += steps;
          loose_steps += loose.steps;
        }
      }
    }
  }
  // The n-th finished score (not the beam-th) ends sentences sooner where the
  // n-best is settled before the beam is.
  EXPECT_LT(tight_steps, loose_steps);
  EXPECT_LE(beam_rule_steps, fairseq_steps);
  std::printf("exhaustive: %lld steps (loose bound %lld); beam rule %lld (fairseq's alone %lld)\n",
              static_cast<long long>(tight_steps), static_cast<long long>(loose_steps),
              static_cast<long long>(beam_rule_steps), static_cast<long long>(fairseq_steps));
}

// beam 2, lenpen 1: "EOS" (-0.7) finishes at once and "4 EOS" (-1.1, -0.55
// normalised) at step 2, which makes two: fairseq's rule stops there. "4 6"
// is still open at -0.15 and finishes next at -0.2 (-0.0667 normalised): only
// the exhaustive rule finds it.
TEST(StoppingRule, ALongerBetterHypothesisFinishingLateIsFoundOnlyByTheExhaustiveRule) {
  TableStepModel model(7);
  const std::vector<int32_t> src{7, kEos};
  model.set(src, {}, {{kEos, -0.7f}, {4, -0.1f}, {5, -2.0f}});
  model.set(src, {4}, {{kEos, -1.0f}, {6, -0.05f}});
  model.set(src, {5}, {{6, -3.0f}});
  model.set(src, {4, 6}, {{kEos, -0.05f}});
  model.set(src, {5, 6}, {{4, -0.4f}, {5, -0.6f}});
  SearchOptions o;
  o.beam = 2;
  o.nbest = 2;
  o.min_len = 0;
  o.lenpen = 1.0;
  o.max_len_b = 3;

  o.stopping = Stopping::kBeam;
  const auto fairseq = beam_search(model, {src}, o)[0];
  EXPECT_EQ(model.rows_per_step.size(), 2u) << "stops once two finished";
  ASSERT_EQ(fairseq.size(), 2u);
  EXPECT_EQ(fairseq[0].tokens, (std::vector<int32_t>{4}));
  EXPECT_NEAR(fairseq[0].normalized, -1.1 / 2, 1e-6);
  EXPECT_TRUE(fairseq[1].tokens.empty());
  EXPECT_NEAR(fairseq[1].normalized, -0.7, 1e-6);

  o.stopping = Stopping::kExhaustive;
  const auto exhaustive = beam_search(model, {src}, o)[0];
  EXPECT_EQ(model.rows_per_step.size(), 3u) << "one step more: then nothing open can reach -0.55";
  ASSERT_EQ(exhaustive.size(), 2u);
  EXPECT_EQ(exhaustive[0].tokens, (std::vector<int32_t>{4, 6}));
  EXPECT_NEAR(exhaustive[0].score, -0.2, 1e-6);
  EXPECT_NEAR(exhaustive[0].normalized, -0.2 / 3, 1e-6);
  EXPECT_EQ(exhaustive[1].tokens, (std::vector<int32_t>{4}));

  // With a longer length limit the open "5 6 4" (-5.4) could in the best case
  // still reach -0.55 at length 10 + 1: the search goes on, and the answer
  // stays the same.
  o.max_len_b = 10;
  const auto longer = beam_search(model, {src}, o)[0];
  EXPECT_GT(model.rows_per_step.size(), 3u);
  EXPECT_EQ(longer[0].tokens, exhaustive[0].tokens);
  EXPECT_EQ(longer[1].tokens, exhaustive[1].tokens);
}

TEST(StoppingRule, NamesAndTheDefault) {
  EXPECT_EQ(SearchOptions{}.stopping, Stopping::kBeam);
  EXPECT_EQ(config::enum_name(Stopping::kExhaustive), "exhaustive");
  EXPECT_EQ(config::parse_enum<Stopping>("beam", "stopping rule"), Stopping::kBeam);
  EXPECT_THROW(config::parse_enum<Stopping>("early", "stopping rule"), Error);
}

}  // namespace
}  // namespace ventris::decode
