// Empty references scored as sacreBLEU 2.6.0 scores them (issue #18). Since
// sacreBLEU 2.2 its reference cache drops only None references: an empty line
// is a reference of length 0 — it can be BLEU's closest length, it is a chrF
// candidate whose counts are all 0 (and, being earlier, it wins a tie with a
// later reference that matches nothing), a segment may have only empty ones,
// and the signature's nrefs counts it. sacreBLEU 2.0 refused such segments.
//
// The expected lines are sacreBLEU 2.6.0's own output: the v2.6.0 tag of
// github.com/mjpost/sacrebleu run from source with CPython 3.11 (`python3 -m
// sacrebleu REFS -i HYP ARGS`; its portalocker/tabulate/lxml imports stubbed,
// which these code paths do not use). Each was also checked by hand where
// noted.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "metrics/bleu.h"
#include "metrics/chrf.h"

namespace ventris::test {
namespace {

using namespace ventris::metrics;

TEST(EmptyReference, BleuTakesAnEmptyReferenceAsLengthZero) {
  // One segment, one empty reference: sacreBLEU prints
  // "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 1 ref_len = 0)".
  const BleuScore alone = corpus_bleu({"a"}, {{""}});
  EXPECT_EQ(alone.score, 0.0);
  EXPECT_EQ(alone.sys_len, 1);
  EXPECT_EQ(alone.ref_len, 0);
  EXPECT_EQ(alone.bp, 1.0);
  // The closest length: "a" is 1 from "" and 2 from "a b c", so ref_len 0 (2.0 skipped the "" and took 3).
  EXPECT_EQ(corpus_bleu({"a"}, {{""}, {"a b c"}}).ref_len, 0);
  EXPECT_NEAR(corpus_bleu({"a b c d"}, {{""}, {"a b c d"}}).score, 100.0, 1e-9);
  EXPECT_NEAR(sentence_bleu("a b", {"", "a b"}).score, 100.0, 1e-9);
  // Every line counts as a reference: the signature says nrefs:2, never var, for two files.
  EXPECT_EQ(count_references({{"", "x"}, {"y", "z"}}), 2);
}

TEST(EmptyReference, ChrfCountsAnEmptyReferenceAsAllZerosThatWinsTies) {
  // "x y z" matches neither "" nor "q r s" (F = 0 for both): the first wins.
  // sacreBLEU 2.6.0: 100.00 with "" first, 91.27 with "q r s" first.
  const std::vector<std::string> hyps{"x y z", "hello world"};
  EXPECT_EQ(corpus_chrf(hyps, {{"", "hello world"}, {"q r s", "hello there"}}).score, 100.0);
  EXPECT_NEAR(corpus_chrf(hyps, {{"q r s", "hello world"}, {"", "hello there"}}).score, 91.27, 0.005);
  ChrfScorer scorer(ChrfOptions{});
  const ChrfStats zeros = scorer.segment_stats("x y z", {""});
  EXPECT_EQ(zeros.counts, std::vector<int64_t>(18, 0)) << "hypothesis counts too: no reference n-gram of any order";
  EXPECT_EQ(sentence_chrf("", {""}, ChrfOptions{}).score, 0.0);
  // chrF++.py-style smoothing gives eps per order: 100 * 6e-16 / 6, as sacreBLEU (1.0000000000000002e-14).
  ChrfOptions eps;
  eps.eps_smoothing = true;
  EXPECT_EQ(sentence_chrf("x", {""}, eps).score, 1.0000000000000002e-14);
}

class EmptyReferenceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "hyp1", "the cat sat on the mat\na b c\n\n");
    write_file(dir_ / "ref1", "the cat sat on a mat\n\n\n");  // two of three references empty
    write_file(dir_ / "hyp2", "x y z\nhello world\n\nthe end\n");
    write_file(dir_ / "ref2a", "\nhello world\n\n\n");  // line 3 is empty in both files
    write_file(dir_ / "ref2b", "q r s\nhello there\n\nthe end\n");
    write_file(dir_ / "ref4", "a\tb c d\n\tb c\n\tz\n");  // -nr 2 with empty first fields
    write_file(dir_ / "hyp4", "a\nb c\nq\n");
  }
  std::string score(const std::string& args) const {
    const CommandResult r = run_ventris("score " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r.out;
  }
  std::string f(const std::string& name) const { return dir_ / name; }
  ScopedTempDir dir_{"ventris-empty-ref"};
};

TEST_F(EmptyReferenceCli, CorpusScoresMatchSacrebleu260) {
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m bleu chrf -w 6"),
            "  BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 42.210681 55.6/42.9/40.0/33.3 "
            "(BP = 1.000 ratio = 1.500 hyp_len = 9 ref_len = 6)\n"
            "chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 72.084832\n");
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m chrf -cw 2 -w 6"),
            "chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = 72.030392\n");
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m chrf --chrf-eps-smoothing -w 6"),
            "chrF2|nrefs:1|case:mixed|eff:no|nc:6|nw:0|space:no|version:2.6.0 = 72.080206\n");
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m bleu -lc -tok char -w 6"),
            "BLEU|nrefs:1|case:lc|eff:no|tok:char|smooth:exp|version:2.6.0 = 63.894310 70.0/66.7/62.5/57.1 "
            "(BP = 1.000 ratio = 1.333 hyp_len = 20 ref_len = 15)\n");
  // Two files, line 3 empty in both; ref_len 7 = 3 + 2 + 0 + 2 (hand check: closest lengths per line).
  EXPECT_EQ(score(f("ref2a") + " " + f("ref2b") + " -i " + f("hyp2") + " -m bleu chrf -w 6"),
            "  BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 0.000000 57.1/50.0/50.0/0.0 "
            "(BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)\n"
            "chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 100.000000\n");
  // With whitespace, "x y z" shares its spaces with "q r s": that reference wins line 1.
  EXPECT_EQ(score(f("ref2a") + " " + f("ref2b") + " -i " + f("hyp2") + " -m chrf --chrf-whitespace -w 6"),
            "chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:yes|version:2.6.0 = 87.655473\n");
  EXPECT_EQ(score(f("ref4") + " -nr 2 -i " + f("hyp4") + " -m bleu chrf -w 6"),
            "  BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 0.000000 75.0/100.0/0.0/0.0 "
            "(BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)\n"
            "chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 100.000000\n");
}

TEST_F(EmptyReferenceCli, SentenceScoresMatchSacrebleu260) {
  const std::string bleu = "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = ";
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m bleu -sl -w 6"),
            bleu + "53.728497 83.3/60.0/50.0/33.3 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)\n" + bleu +
                "0.000000 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 3 ref_len = 0)\n" + bleu +
                "0.000000 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)\n");
  const std::string chrf = "chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = ";
  EXPECT_EQ(score(f("ref2a") + " " + f("ref2b") + " -i " + f("hyp2") + " -m chrf -sl -w 6"),
            chrf + "0.000000\n" + chrf + "100.000000\n" + chrf + "0.000000\n" + chrf + "100.000000\n");
  const std::string eps = "chrF2|nrefs:1|case:mixed|eff:no|nc:6|nw:0|space:no|version:2.6.0 = ";
  EXPECT_EQ(score(f("ref1") + " -i " + f("hyp1") + " -m chrf --chrf-eps-smoothing -sl -w 16"),
            eps + "72.0802059017602659\n" + eps + "0.0000000000000100\n" + eps + "0.0000000000000100\n");
  const std::string bleu2 = "BLEU|nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = ";
  EXPECT_EQ(score(f("ref4") + " -nr 2 -i " + f("hyp4") + " -m bleu -sl -w 6"),
            bleu2 + "100.000000 100.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 1 ref_len = 1)\n" + bleu2 +
                "100.000000 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)\n" + bleu2 +
                "0.000000 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 1 ref_len = 1)\n");
}

// Paired bootstrap resamples the same per-segment statistics: it runs on
// segments with only empty references, and its baseline is the corpus score
// above. (Its resampled figures need numpy's generator, which the run of
// sacreBLEU here lacked; the generator is checked in bootstrap_test.cpp.)
TEST_F(EmptyReferenceCli, PairedBootstrapScoresTheSameSegments) {
  write_file(dir_ / "hyp2b", "x y\nhello world\nextra\nthe end\n");
  const std::string out = score(f("ref2a") + " " + f("ref2b") + " -i " + f("hyp2") + " " + f("hyp2b") +
                                " --paired-bs -pbsn 50 -m bleu chrf -f json");
  const nlohmann::json j = nlohmann::json::parse(out);
  ASSERT_EQ(j.size(), 2u) << out;
  EXPECT_EQ(j[0]["chrF2"]["score"].get<double>(), 100.0) << out;
  EXPECT_EQ(j[0]["BLEU"]["score"].get<double>(), 0.0) << out;
  EXPECT_TRUE(j[1]["chrF2"]["p_value"].is_number()) << out;
}

}  // namespace
}  // namespace ventris::test
