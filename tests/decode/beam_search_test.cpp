// Beam and greedy search over fixed-table models: a beam as large as the
// search space equals exhaustive enumeration (best hypothesis and n-best
// order) under every normalisation and constraint; length-penalty formulas
// against hand-computed numbers; min_len / no_unk / unk_penalty; retirement
// of finished sentences; batch-composition invariance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "decode/search.h"
#include "table_step_model.h"

namespace ventris::decode {
namespace {

using test::TableStepModel;
constexpr int32_t kEos = 2, kUnk = 3;

// Every hypothesis the rules allow, scored independently of the search code:
// tokens 3.. (unk penalised or banned), EOS only after min_len tokens, EOS
// forced after max_tokens.
std::vector<Hypothesis> exhaustive(const TableStepModel& model, const std::vector<int32_t>& source,
                                   const SearchOptions& o, int64_t max_tokens) {
  std::vector<Hypothesis> all;
  std::function<void(std::vector<int32_t>&, double)> walk = [&](std::vector<int32_t>& prefix, double score) {
    const std::vector<float> d = model.distribution(source, prefix);
    const auto g = static_cast<int64_t>(prefix.size());
    if (g >= o.min_len || g == max_tokens) {
      const double s = score + d[kEos];
      const auto len = static_cast<double>(g + 1);
      const double norm = o.normalization == LengthNormalization::kFairseq ? std::pow(len, o.lenpen)
                                                                           : std::pow((5 + len) / 6, o.lenpen);
      all.push_back({prefix, s, s / norm});
    }
    if (g == max_tokens) return;
    for (int32_t t = 3; t < model.vocab_size(); ++t) {
      if (t == kUnk && o.no_unk) continue;
      prefix.push_back(t);
      walk(prefix, score + d[static_cast<size_t>(t)] - (t == kUnk ? o.unk_penalty : 0.0));
      prefix.pop_back();
    }
  };
  std::vector<int32_t> empty;
  walk(empty, 0.0);
  std::stable_sort(all.begin(), all.end(), [](const Hypothesis& a, const Hypothesis& b) { return a.normalized > b.normalized; });
  return all;
}

const std::vector<std::vector<int32_t>> kSources{{7, 8, kEos}, {9, kEos}, {4, 4, 5, kEos}};

// Under either stopping rule: the beam (400) never fills, so neither rule
// can end a sentence while a better hypothesis is open.
void expect_beam_equals_exhaustive(SearchOptions o) {
  o.max_len_a = 0;
  o.max_len_b = 4;
  o.beam = 400;  // > every prefix set here (4^4): the search cannot prune
  o.nbest = 6;
  TableStepModel model(6, 3);
  for (Stopping rule : {Stopping::kBeam, Stopping::kExhaustive}) {
    o.stopping = rule;
    const auto results = beam_search(model, kSources, o);
    ASSERT_EQ(results.size(), kSources.size());
    for (size_t i = 0; i < kSources.size(); ++i) {
      const auto expected = exhaustive(model, kSources[i], o, 4);
      ASSERT_EQ(results[i].size(), 6u);
      for (size_t k = 0; k < 6; ++k) {
        EXPECT_EQ(results[i][k].tokens, expected[k].tokens) << "sentence " << i << " rank " << k;
        EXPECT_NEAR(results[i][k].score, expected[k].score, 1e-6);  // the unk penalty is applied in f32
        EXPECT_NEAR(results[i][k].normalized, expected[k].normalized, 1e-6);
        if (k > 0) {
          EXPECT_GE(results[i][k - 1].normalized, results[i][k].normalized) << "n-best order";
        }
      }
    }
  }
}

TEST(BeamSearch, LargeBeamEqualsExhaustiveSearchWithoutNormalization) {
  SearchOptions o;
  o.lenpen = 0;
  expect_beam_equals_exhaustive(o);
}
TEST(BeamSearch, LargeBeamEqualsExhaustiveSearchFairseqLenpen) {
  SearchOptions o;
  o.lenpen = 1.0;
  expect_beam_equals_exhaustive(o);
}
TEST(BeamSearch, LargeBeamEqualsExhaustiveSearchGnmtLenpen) {
  SearchOptions o;
  o.lenpen = 0.6;
  o.normalization = LengthNormalization::kGnmt;
  expect_beam_equals_exhaustive(o);
}
TEST(BeamSearch, LargeBeamEqualsExhaustiveSearchWithMinLenAndUnkPenalty) {
  SearchOptions o;
  o.min_len = 2;
  o.unk_penalty = 0.7;
  expect_beam_equals_exhaustive(o);
  o.unk_penalty = -0.4;  // a bonus: open hypotheses may still gain
  expect_beam_equals_exhaustive(o);
  o.no_unk = true;
  expect_beam_equals_exhaustive(o);
}

TEST(LengthNormalization, FormulasAgainstHandComputedValues) {
  SearchOptions o;
  o.lenpen = 1.0;
  EXPECT_DOUBLE_EQ(length_normalizer(4, o), 4.0);
  o.lenpen = 0.6;
  EXPECT_NEAR(length_normalizer(4, o), 2.2973967099940698, 1e-12);  // 4^0.6
  EXPECT_NEAR(normalized_score(-3.0, 4, o), -1.3058258449, 1e-9);    // -3 / 4^0.6
  o.normalization = LengthNormalization::kGnmt;
  EXPECT_NEAR(length_normalizer(4, o), 1.2754245006, 1e-9);  // ((5+4)/6)^0.6 = 1.5^0.6 = e^(0.6 ln 1.5)
  EXPECT_NEAR(length_normalizer(1, o), 1.0, 1e-15);       // ((5+1)/6)^α = 1 for any α
  o.lenpen = 0;
  EXPECT_DOUBLE_EQ(length_normalizer(17, o), 1.0);
  EXPECT_EQ(parse_length_normalization("gnmt"), LengthNormalization::kGnmt);
  EXPECT_THROW(parse_length_normalization("marian"), Error);
}

// A two-way choice where normalisation flips the winner: "EOS" at -1.0 vs
// "4 EOS" at -0.2 + -1.4 = -1.6. Raw: the short one; fairseq α=1: -1/1 < -1.6/2.
TEST(BeamSearch, LengthPenaltyDecidesBetweenShortAndLong) {
  TableStepModel model(5);
  const std::vector<int32_t> src{7, kEos};
  model.set(src, {}, {{kEos, std::log(0.3679f)}, {4, -0.2f}});
  model.set(src, {4}, {{kEos, -1.4f}});
  SearchOptions o;
  o.beam = 2;
  o.nbest = 2;
  o.lenpen = 0;
  o.min_len = 0;
  auto raw = beam_search(model, {src}, o)[0];
  EXPECT_TRUE(raw[0].tokens.empty());
  EXPECT_NEAR(raw[0].score, std::log(0.3679), 1e-5);
  o.lenpen = 1;
  auto fairseq = beam_search(model, {src}, o)[0];
  ASSERT_EQ(fairseq.size(), 2u);
  EXPECT_EQ(fairseq[0].tokens, (std::vector<int32_t>{4}));
  EXPECT_NEAR(fairseq[0].score, -1.6, 1e-6);
  EXPECT_NEAR(fairseq[0].normalized, -0.8, 1e-6);
  EXPECT_TRUE(fairseq[1].tokens.empty());
  EXPECT_NEAR(fairseq[1].normalized, std::log(0.3679), 1e-5);
}

TEST(BeamSearch, MinLenAndNoUnkAreHonoured) {
  TableStepModel model(6, 11);
  const std::vector<int32_t> src{5, kEos};
  // EOS and unk are the likeliest tokens everywhere on the first steps.
  model.set(src, {}, {{kEos, -0.1f}, {kUnk, -0.5f}, {4, -3.f}, {5, -3.5f}});
  model.set(src, {4}, {{kEos, -0.1f}, {kUnk, -0.5f}, {4, -3.f}, {5, -3.5f}});
  model.set(src, {5}, {{kEos, -0.1f}, {kUnk, -0.5f}, {4, -3.f}, {5, -3.5f}});
  SearchOptions o;
  o.min_len = 2;
  o.no_unk = true;
  o.nbest = 5;
  for (int beam : {1, 5}) {
    o.beam = beam;
    o.nbest = beam;
    const auto found = beam_search(model, {src}, o);
    for (const Hypothesis& h : found[0]) {
      EXPECT_GE(h.tokens.size(), 2u);
      EXPECT_EQ(std::count(h.tokens.begin(), h.tokens.end(), kUnk), 0);
    }
    const Hypothesis g = search(model, {src}, o)[0][0];
    EXPECT_GE(g.tokens.size(), 2u) << "beam " << beam;
    EXPECT_EQ(std::count(g.tokens.begin(), g.tokens.end(), kUnk), 0);
  }
  o.beam = 1;
  o.nbest = 1;
  o.no_unk = false;
  o.min_len = 0;
  EXPECT_TRUE(search(model, {src}, o)[0][0].tokens.empty()) << "without min_len EOS comes first";
  o.min_len = 1;
  EXPECT_EQ(search(model, {src}, o)[0][0].tokens.front(), kUnk);
  o.unk_penalty = 3.0;  // unk now at -3.5, below token 4 at -3
  EXPECT_EQ(search(model, {src}, o)[0][0].tokens.front(), 4);
}

TEST(BeamSearch, MaxLengthForcesEos) {
  TableStepModel model(6, 5);
  SearchOptions o;
  o.beam = 3;
  o.max_len_a = 1.0;  // S = 3 tokens incl. EOS -> 3 + 1 = 4 tokens at most
  o.max_len_b = 1;
  o.min_len = 10;  // EOS would be masked forever: the limit wins
  auto r = beam_search(model, {{7, 8, kEos}}, o)[0];
  EXPECT_EQ(r[0].tokens.size(), 4u);
  o.beam = 1;
  EXPECT_EQ(search(model, {{7, 8, kEos}}, o)[0][0].tokens.size(), 4u);
}

TEST(GreedySearch, FollowsTheArgmaxAndRetiresFinishedRows) {
  TableStepModel model(6, 8);
  SearchOptions o;
  o.beam = 1;
  o.max_len_b = 6;
  const auto results = search(model, kSources, o);
  for (size_t i = 0; i < kSources.size(); ++i) {
    std::vector<int32_t> prefix;
    double score = 0;
    for (;;) {
      std::vector<float> d = model.distribution(kSources[i], prefix);
      d[0] = d[1] = -INFINITY;
      if (prefix.empty()) d[kEos] = -INFINITY;  // min_len 1
      if (prefix.size() == 6) {
        for (size_t v = 0; v < d.size(); ++v)
          if (v != kEos) d[v] = -INFINITY;
      }
      const auto best = static_cast<int32_t>(std::max_element(d.begin(), d.end()) - d.begin());
      score += d[static_cast<size_t>(best)];
      if (best == kEos) break;
      prefix.push_back(best);
    }
    ASSERT_EQ(results[i].size(), 1u);
    EXPECT_EQ(results[i][0].tokens, prefix) << "sentence " << i;
    EXPECT_NEAR(results[i][0].score, score, 1e-9);
    EXPECT_NEAR(results[i][0].normalized, score / static_cast<double>(prefix.size() + 1), 1e-9);
  }
  // Rows only ever shrink, and the last step has fewer rows than the first
  // unless every sentence has the same length.
  EXPECT_EQ(model.rows_per_step.front(), 3);
  EXPECT_TRUE(std::is_sorted(model.rows_per_step.rbegin(), model.rows_per_step.rend()));
}

TEST(BeamSearch, FinishedSentencesLeaveTheBatch) {
  // Length limits a·S with a = 1 and EOS masked until then: the short source
  // (2 tokens) finishes after 3 steps, the long one (7) after 8.
  TableStepModel model(6);
  SearchOptions o;
  o.beam = 2;
  o.max_len_a = 1;
  o.max_len_b = 0;
  o.min_len = 10;
  auto r = beam_search(model, {{4, kEos}, {5, 5, 5, 5, 5, 5, kEos}}, o);
  EXPECT_EQ(r[0][0].tokens.size(), 2u);
  EXPECT_EQ(r[1][0].tokens.size(), 7u);
  EXPECT_EQ(model.rows_per_step, (std::vector<int64_t>{2, 4, 4, 2, 2, 2, 2, 2}));
}

TEST(BeamSearch, TheBeamRuleEndsNoLaterThanTheExhaustiveRuleAndIsNeverBetter) {
  SearchOptions o;
  o.beam = 3;
  o.lenpen = 1.0;
  o.max_len_b = 12;
  o.stopping = Stopping::kExhaustive;
  TableStepModel exhaustive_model(7, 2), beam_model(7, 2);
  auto exhaustive = beam_search(exhaustive_model, kSources, o);
  o.stopping = Stopping::kBeam;
  auto fairseq = beam_search(beam_model, kSources, o);
  EXPECT_LE(beam_model.rows_per_step.size(), exhaustive_model.rows_per_step.size());
  for (size_t i = 0; i < kSources.size(); ++i) EXPECT_GE(exhaustive[i][0].normalized, fairseq[i][0].normalized);
}

TEST(BeamSearch, ResultsDoNotDependOnBatchComposition) {
  for (Stopping rule : {Stopping::kBeam, Stopping::kExhaustive})
    for (int beam : {1, 2, 4}) {
      SearchOptions o;
      o.stopping = rule;
      o.beam = beam;
      o.nbest = beam;
      o.max_len_b = 7;
      TableStepModel model(8, 4);
      const auto together = search(model, kSources, o);
      std::vector<std::vector<int32_t>> reversed(kSources.rbegin(), kSources.rend());
      const auto backwards = search(model, reversed, o);
      for (size_t i = 0; i < kSources.size(); ++i) {
        const auto alone = search(model, {kSources[i]}, o);
        ASSERT_EQ(alone[0].size(), together[i].size());
        ASSERT_EQ(backwards[kSources.size() - 1 - i].size(), together[i].size());
        for (size_t k = 0; k < alone[0].size(); ++k) {
          EXPECT_EQ(alone[0][k].tokens, together[i][k].tokens);
          EXPECT_EQ(alone[0][k].score, together[i][k].score);
          EXPECT_EQ(backwards[kSources.size() - 1 - i][k].tokens, together[i][k].tokens);
        }
      }
    }
}

TEST(SearchOptions, RejectsOutOfRangeValues) {
  TableStepModel model;
  SearchOptions o;
  o.beam = 0;
  EXPECT_THROW(search(model, kSources, o), Error);
  o.beam = 2;
  o.nbest = 3;
  EXPECT_THROW(search(model, kSources, o), Error);
  o.nbest = 1;
  o.min_len = -1;
  EXPECT_THROW(search(model, kSources, o), Error);
}

}  // namespace
}  // namespace ventris::decode
