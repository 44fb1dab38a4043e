// BLEU edge cases: empty hypotheses and files, hypotheses longer than every
// reference, several references of different lengths, smoothing, effective
// order. Expected numbers follow sacreBLEU 2.6.0's definitions.
#include <gtest/gtest.h>

#include "core/error_types.h"

#include <cmath>

#include "metrics/bleu.h"
#include "metrics/signature.h"

namespace ventris::test {
namespace {

using namespace metrics;

TEST(BleuEdgeCases, IdenticalTextScores100) {
  BleuScore s = corpus_bleu({"the cat sat on the mat ."}, {{"the cat sat on the mat ."}});
  EXPECT_NEAR(s.score, 100.0, 1e-9);
  EXPECT_EQ(s.sys_len, 7);
  EXPECT_EQ(s.counts, (std::array<int64_t, 4>{7, 6, 5, 4}));
}

TEST(BleuEdgeCases, EmptyHypothesisLinesCountAsZeroTokens) {
  BleuScore s = corpus_bleu({"", "a b c d"}, {{"x y", "a b c d"}});
  EXPECT_EQ(s.sys_len, 4);
  EXPECT_EQ(s.ref_len, 6);
  EXPECT_NEAR(s.bp, std::exp(1.0 - 6.0 / 4.0), 1e-12);
  EXPECT_NEAR(s.score, 100.0 * s.bp, 1e-9);
}

TEST(BleuEdgeCases, AllEmptyHypothesesScoreZeroWithZeroBrevityPenalty) {
  BleuScore s = corpus_bleu({"", ""}, {{"a b", "c"}});
  EXPECT_EQ(s.score, 0.0);
  EXPECT_EQ(s.bp, 0.0);
  EXPECT_EQ(s.ratio, 0.0);
  EXPECT_EQ(s.ref_len, 3);
}

TEST(BleuEdgeCases, EmptyCorpusScoresZero) {
  BleuScore s = corpus_bleu(std::vector<std::string>{}, std::vector<std::vector<std::string>>{{}});
  EXPECT_EQ(s.score, 0.0);
  EXPECT_EQ(s.sys_len, 0);
  EXPECT_EQ(s.ref_len, 0);
  EXPECT_EQ(s.bp, 1.0);  // sys_len < ref_len does not hold
}

TEST(BleuEdgeCases, HypothesisLongerThanEveryReference) {
  BleuScore s = corpus_bleu({"a b c d e f g h"}, {{"a b c d"}, {"a b c d e"}});
  EXPECT_EQ(s.ref_len, 5);  // the closest reference
  EXPECT_EQ(s.bp, 1.0);
  EXPECT_NEAR(s.ratio, 8.0 / 5.0, 1e-12);
}

TEST(BleuEdgeCases, ClosestReferenceLengthTiesGoToTheShorter) {
  // Hypothesis of 4 tokens, references of 3 and 5: both 1 away.
  BleuScore s = corpus_bleu({"a b c d"}, {{"a b c"}, {"a b c d e"}});
  EXPECT_EQ(s.ref_len, 3);
}

TEST(BleuEdgeCases, MultipleReferencesClipByTheHighestCountInAnyOne) {
  // "the" twice in the hypothesis: reference 1 has it once, reference 2 twice.
  BleuScore s = corpus_bleu({"the the cat"}, {{"the cat"}, {"the the dog"}});
  EXPECT_EQ(s.counts[0], 3);
  EXPECT_EQ(s.totals[0], 3);
  EXPECT_EQ(s.counts[1], 2);  // "the the" (ref 2) and "the cat" (ref 1)
}

// Empty references are references of length 0 (sacreBLEU 2.6.0): tests/metrics/empty_reference_test.cpp.
TEST(BleuEdgeCases, EmptyReferenceLinesAreReferencesOfLengthZero) {
  BleuScore s = corpus_bleu({"a b c d"}, {{""}, {"a b c d"}});
  EXPECT_NEAR(s.score, 100.0, 1e-9);
  EXPECT_NEAR(sentence_bleu("a b", {"", "a b"}).score, 100.0, 1e-9);  // effective order: bigrams suffice
  EXPECT_EQ(count_references({{"", "x"}, {"y", "z"}}), 2);
  EXPECT_EQ(count_references({{"w", "x"}, {"y", "z"}}), 2);
  EXPECT_EQ(corpus_bleu({"a"}, {{""}}).ref_len, 0);
}

TEST(BleuSmoothing, ExpFloorAddKNoneOnShortSegment) {
  BleuStats st;
  st.sys_len = 3;
  st.ref_len = 3;
  st.correct = {2, 1, 0, 0};
  st.total = {3, 2, 1, 0};
  BleuOptions o;
  o.smooth_method = SmoothMethod::kExp;
  BleuScore exp = compute_bleu(st, o);
  // precisions 2/3, 1/2, 1/(2*1), 1/(4*0) -> the order with no n-gram stops the loop
  EXPECT_NEAR(exp.precisions[2], 50.0, 1e-12);
  EXPECT_EQ(exp.precisions[3], 0.0);
  EXPECT_LT(exp.score, 1e-100);  // log(0) is floored: the score vanishes without effective order
  o.effective_order = true;
  EXPECT_NEAR(compute_bleu(st, o).score, std::exp((std::log(200.0 / 3) + std::log(50.0) + std::log(50.0)) / 3), 1e-9);
  o.smooth_method = SmoothMethod::kFloor;
  EXPECT_NEAR(compute_bleu(st, o).precisions[2], 100.0 * 0.1 / 1, 1e-12);
  o.smooth_method = SmoothMethod::kAddK;
  BleuScore addk = compute_bleu(st, o);
  EXPECT_NEAR(addk.precisions[1], 100.0 * 2 / 3, 1e-12);  // (1+1)/(2+1)
  EXPECT_NEAR(addk.precisions[3], 100.0, 1e-12);          // (0+1)/(0+1)
  EXPECT_EQ(addk.counts[1], 1);                           // reported counts are unsmoothed
  o.smooth_method = SmoothMethod::kNone;
  o.effective_order = false;
  EXPECT_EQ(compute_bleu(st, o).score, 0.0);
}

TEST(BleuSignature, MatchesSacrebleuSpelling) {
  BleuOptions o;
  SignatureOptions sig;
  EXPECT_EQ(bleu_signature(o, sig), "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
  o.smooth_method = SmoothMethod::kFloor;
  o.lowercase = true;
  o.tokenize = TokenizerKind::kIntl;
  sig.nrefs = -1;
  EXPECT_EQ(bleu_signature(o, sig), "nrefs:var|case:lc|eff:no|tok:intl|smooth:floor[0.10]|version:2.6.0");
  o.smooth_method = SmoothMethod::kAddK;
  o.smooth_value = 0.5;
  sig.short_form = true;
  sig.nrefs = 2;
  sig.bootstrap_samples = 1000;
  sig.seed = 12345;
  EXPECT_EQ(bleu_signature(o, sig), "#:2|bs:1000|rs:12345|c:lc|e:no|tok:intl|s:add-k[0.50]|v:2.6.0");
  o = BleuOptions{};
  o.tokenize = TokenizerKind::kNone;
  o.compound_split = true;
  EXPECT_EQ(bleu_signature(o, SignatureOptions{}), "nrefs:1|case:mixed|eff:no|tok:none+compound|smooth:exp|version:2.6.0");
}

TEST(BleuCompoundSplit, HyphenatedCompoundsBecomeThreeTokens) {
  BleuOptions o;
  o.tokenize = TokenizerKind::kNone;
  o.compound_split = true;
  BleuScorer scorer(o);
  EXPECT_EQ(scorer.preprocess("ein Real-Time-System"), "ein Real ##AT##-##AT## Time ##AT##-##AT## System");
  // Splitting both sides credits the compound's parts.
  BleuScore with = corpus_bleu({"an x-ray"}, {{"an x-ray image"}}, o);
  EXPECT_EQ(with.sys_len, 4);
}

TEST(BleuLowercase, UsesPythonLowerBeforeTokenizing) {
  BleuOptions o;
  o.lowercase = true;
  EXPECT_NEAR(corpus_bleu({"DIE STRASSE İST LANG"}, {{"die strasse i\u0307st lang"}}, o).score, 100.0, 1e-9);
  o.lowercase = false;
  EXPECT_LT(corpus_bleu({"DIE STRASSE İST LANG"}, {{"die strasse i\u0307st lang"}}, o).score, 1.0);
}

}  // namespace
}  // namespace ventris::test
