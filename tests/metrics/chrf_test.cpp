// chrF / chrF++ edge cases against hand-computed values of sacreBLEU's
// definitions.
#include <gtest/gtest.h>

#include "core/error_types.h"

#include "metrics/chrf.h"
#include "metrics/signature.h"

namespace ventris::test {
namespace {

using namespace metrics;

TEST(ChrfEdgeCases, IdenticalIs100EmptyHypothesisIs0) {
  EXPECT_NEAR(corpus_chrf({"Hallo Welt"}, {{"Hallo Welt"}}).score, 100.0, 1e-9);
  EXPECT_EQ(corpus_chrf({""}, {{"Hallo Welt"}}).score, 0.0);
  EXPECT_EQ(corpus_chrf(std::vector<std::string>{}, std::vector<std::vector<std::string>>{{}}).score, 0.0);
}

TEST(ChrfEdgeCases, WhitespaceIsIgnoredUnlessKept) {
  ChrfScorer plain(ChrfOptions{});
  ChrfStats a = plain.segment_stats("ab c", {"a bc"});
  EXPECT_EQ(a.counts[0], 3);  // 3 characters each side, spaces removed
  EXPECT_EQ(a.counts[2], 3);
  EXPECT_EQ(a.counts[3 * 2], 1);  // one trigram "abc"
  EXPECT_EQ(a.counts[3 * 2 + 2], 1);
  ChrfOptions ws;
  ws.whitespace = true;
  ChrfStats b = ChrfScorer(ws).segment_stats("ab c", {"a bc"});
  EXPECT_EQ(b.counts[0], 4);
  EXPECT_EQ(b.counts[2], 4);  // a, b, c and the space
}

TEST(ChrfEdgeCases, HypothesisCountIsZeroWhenTheReferenceHasNoNgramOfThatOrder) {
  ChrfScorer scorer(ChrfOptions{});
  ChrfStats s = scorer.segment_stats("abcdef", {"ab"});
  EXPECT_EQ(s.counts[3 * 1], 5);      // bigrams: reference has one
  EXPECT_EQ(s.counts[3 * 2], 0);      // trigrams: reference has none -> hypothesis counted 0
  EXPECT_EQ(s.counts[3 * 2 + 1], 0);
}

TEST(ChrfEdgeCases, ScoreFromStatisticsEffectiveOrderAndEps) {
  // Orders 1..2 only: P1 = 1/2, R1 = 1/1, P2 = 0/1, R2 = 0/0 (skipped).
  ChrfOptions o;
  o.char_order = 2;
  ChrfStats st{{2, 1, 1, 1, 0, 0}};
  // Effective order 1: F2 of P = .5, R = 1 = 5 * .5 / (4 * .5 + 1).
  EXPECT_NEAR(chrf_f_score(st, o), 100 * 5 * 0.5 / 3.0, 1e-12);
  o.eps_smoothing = true;
  // Order 1 F = 5/6; order 2: P = 0/1 = 0, R = eps -> denominator > 0 -> 0.
  EXPECT_NEAR(chrf_f_score(st, o), 100 * (5 * 0.5 / 3.0) / 2, 1e-12);
}

TEST(ChrfPlusPlus, WordNgramsSplitOneEdgePunctuation) {
  ChrfOptions o;
  o.word_order = 2;
  ChrfScorer scorer(o);
  // Hypothesis words: hello world ! (hi )   ("world!" and "(hi)" lose their last character)
  // Reference words:  hello world ! ( hi )  ("(hi" has no final punctuation, so it loses the first)
  ChrfStats s = scorer.segment_stats("hello world! (hi)", {"hello world ! (hi )"});
  const size_t w1 = 3 * 6, w2 = w1 + 3;
  EXPECT_EQ(s.counts[w1], 5);
  EXPECT_EQ(s.counts[w1 + 1], 6);
  EXPECT_EQ(s.counts[w1 + 2], 4);  // hello world ! )
  EXPECT_EQ(s.counts[w2], 4);
  EXPECT_EQ(s.counts[w2 + 1], 5);
  EXPECT_EQ(s.counts[w2 + 2], 2);  // "hello world", "world !"
  EXPECT_EQ(chrf_name(o), "chrF2++");
}

TEST(ChrfMultiReference, PicksTheBestReferencePerSegment) {
  ChrfScore best = corpus_chrf({"the cat"}, {{"a dog"}, {"the cat"}});
  EXPECT_NEAR(best.score, 100.0, 1e-9);
}

TEST(ChrfLowercase, AppliesPythonLower) {
  ChrfOptions o;
  o.lowercase = true;
  EXPECT_NEAR(corpus_chrf({"ΟΔΟΣ"}, {{"οδος"}}, o).score, 100.0, 1e-9);
}

TEST(ChrfSignature, MatchesSacrebleuSpelling) {
  ChrfOptions o;
  EXPECT_EQ(chrf_signature(o, SignatureOptions{}), "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0");
  o.word_order = 2;
  o.eps_smoothing = true;
  o.whitespace = true;
  o.lowercase = true;
  EXPECT_EQ(chrf_signature(o, SignatureOptions{}), "nrefs:1|case:lc|eff:no|nc:6|nw:2|space:yes|version:2.6.0");
}

TEST(ChrfLongOrders, GeneralPathAgreesWithPackedPath) {
  // Character order 8 cannot use packed 64-bit keys of 10-bit ranks; the
  // general path must give the same orders 1..6 as a char-order-6 run.
  ChrfOptions six, eight;
  eight.char_order = 8;
  const std::string hyp = "Die Katze sitzt auf der Matte, und der Hund schläft.";
  const std::string ref = "Die Katze saß auf der Matte und der Hund schlief.";
  ChrfStats a = ChrfScorer(six).segment_stats(hyp, {ref});
  ChrfStats b = ChrfScorer(eight).segment_stats(hyp, {ref});
  for (size_t i = 0; i < a.counts.size(); ++i) EXPECT_EQ(a.counts[i], b.counts[i]) << i;
}

}  // namespace
}  // namespace ventris::test
