// End-to-end tests of `ventris score` through the real binary: stdin and -i,
// sacreBLEU's flag spellings, JSON, sentence level, paired bootstrap, and the
// error paths (exit code 1, one `error:` line naming the files, no score).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "cli/run_binary.h"
#include "metrics/vectors.h"

namespace ventris::test {
namespace {

using nlohmann::json;

// Single-quoted for the shell (the paths here have no quotes).
std::string q(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('\'');
  out.append(s);
  out.push_back('\'');
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class ScoreCli : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "ref.txt", "The cat sat on the mat.\nIt was 1,234.56 euros, wasn't it?\nA third line here.\n");
    write_file(dir_ / "hyp.txt", "The cat sat on a mat.\nIt was 1,234.56 euro, wasn't it?\nA third line.\n");
  }
  ScopedTempDir dir_{"ventris-score-cli"};
};

TEST_F(ScoreCli, StdinAndFileGiveTheSameSacrebleuLine) {
  auto from_file = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt"));
  auto from_stdin = run_ventris("score " + q(dir_ / "ref.txt"), read_file(dir_ / "hyp.txt"));
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_file.out, from_stdin.out);
  EXPECT_EQ(from_file.out.rfind("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = ", 0), 0u)
      << from_file.out;
  EXPECT_NE(from_file.out.find("hyp_len = 19 ref_len = 20)"), std::string::npos) << from_file.out;
}

TEST_F(ScoreCli, SeveralMetricsAlignOnEquals) {
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -m chrf bleu -cw 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 2u) << r.out;
  EXPECT_EQ(l[0].rfind("    BLEU|nrefs:1|", 0), 0u) << l[0];  // BLEU first, right-aligned
  EXPECT_EQ(l[1].rfind("chrF2++|nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0 = ", 0), 0u);
  EXPECT_EQ(l[0].find(" = "), l[1].find(" = "));
}

TEST_F(ScoreCli, JsonHoldsFullPrecisionAndStatistics) {
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -m bleu chrf -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["name"], "BLEU");
  for (const char* key : {"score", "signature", "counts", "totals", "precisions", "bp", "ratio", "sys_len", "ref_len"})
    EXPECT_TRUE(j[0].contains(key)) << key;
  EXPECT_EQ(j[0]["sys_len"], 19);
  EXPECT_EQ(j[0]["counts"].size(), 4u);
  EXPECT_EQ(j[1]["name"], "chrF2");
  EXPECT_TRUE(j[1]["score"].is_number_float());
  EXPECT_EQ(j[1]["stats"].size(), 18u);
}

TEST_F(ScoreCli, SacrebleuShortFlagsAndSentenceLevel) {
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -tok intl -lc -sl -w 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 3u) << r.out;
  for (const auto& line : l)
    EXPECT_EQ(line.rfind("BLEU|nrefs:1|case:lc|eff:yes|tok:intl|smooth:exp|version:2.6.0 = ", 0), 0u) << line;
  auto b = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -m chrf -sl -b");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  ASSERT_EQ(lines_of(b.out).size(), 3u);
  EXPECT_EQ(lines_of(b.out)[0].find('|'), std::string::npos);  // scores only
}

TEST_F(ScoreCli, PairedBootstrapReportsMeanIntervalAndPValue) {
  write_file(dir_ / "sys2.txt", "The cat sat on the mat.\nIt was 1,234.56 euros, wasn't it?\nA line.\n");
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " --paired-bs " +
                       q(dir_ / "sys2.txt") + " --paired-bs-n 100 -m bleu chrf -f json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["system"].get<std::string>().rfind("Baseline: ", 0), 0u);
  EXPECT_TRUE(j[0]["BLEU"]["p_value"].is_null());
  EXPECT_TRUE(j[1]["BLEU"]["p_value"].is_number());
  EXPECT_GT(j[1]["chrF2"]["ci"].get<double>(), 0.0);
  // sacreBLEU's own spelling: every system after -i, then a bare --paired-bs.
  auto t = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " " + q(dir_ / "sys2.txt") +
                       " --paired-bs -pbsn 100");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("(p = "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("bs:100|seed:12345"), std::string::npos) << t.out;
}

TEST_F(ScoreCli, LineCountMismatchNamesBothFilesAndCounts) {
  write_file(dir_ / "short.txt", "only one line\n");
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "short.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("short.txt' has 1 lines"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ref.txt' has 3"), std::string::npos) << r.err;
}

TEST_F(ScoreCli, InvalidUtf8NamesFileAndLine) {
  write_file(dir_ / "bad.txt", "fine\nbroken \xc3\x28 here\nfine\n");
  auto r = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "bad.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("bad.txt:2: invalid UTF-8"), std::string::npos) << r.err;
}

TEST_F(ScoreCli, MissingFileIsNamed) {
  auto r = run_ventris("score " + q(dir_ / "nope.txt") + " -i " + q(dir_ / "hyp.txt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("nope.txt"), std::string::npos) << r.err;
  auto m = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "gone.txt"));
  EXPECT_EQ(m.exit_code, 1);
  EXPECT_NE(m.err.find("gone.txt"), std::string::npos) << m.err;
}

TEST_F(ScoreCli, EmptyFilesScoreZero) {
  write_file(dir_ / "empty.txt", "");
  auto r = run_ventris("score " + q(dir_ / "empty.txt") + " -i " + q(dir_ / "empty.txt") + " -m bleu chrf -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("= 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)"), std::string::npos)
      << r.out;
}

TEST_F(ScoreCli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -tok ja-mecab").exit_code, 2);
  EXPECT_EQ(run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -m ter").exit_code, 2);
  EXPECT_EQ(run_ventris("score -i " + q(dir_ / "hyp.txt")).exit_code, 2);
  auto unknown = run_ventris("score --no-such-option " + q(dir_ / "ref.txt"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no-such-option"), std::string::npos) << unknown.err;
}

// The `score:` section: options from a --config file, flags over them, and
// every option in --dump-config; a wrong name is one line naming key and choices.
TEST_F(ScoreCli, OptionsComeFromTheScoreSectionOfAConfigFile) {
  write_file(dir_ / "score.yaml", "score:\n  metrics: [chrf, bleu]\n  tokenize: intl\n  lowercase: true\n  width: 3\n");
  auto r = run_ventris("--config " + q(dir_ / "score.yaml") + " score " + q(dir_ / "ref.txt") + " -i " +
                       q(dir_ / "hyp.txt"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto flags =
      run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -m bleu chrf -tok intl -lc -w 3");
  ASSERT_EQ(flags.exit_code, 0) << flags.err;
  EXPECT_EQ(r.out, flags.out);
  EXPECT_NE(r.out.find("BLEU|nrefs:1|case:lc|eff:no|tok:intl|"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chrF2|"), std::string::npos) << r.out;

  // A flag wins over the file.
  auto over = run_ventris("--config " + q(dir_ / "score.yaml") + " score " + q(dir_ / "ref.txt") + " -i " +
                          q(dir_ / "hyp.txt") + " -m bleu -tok 13a");
  ASSERT_EQ(over.exit_code, 0) << over.err;
  EXPECT_EQ(over.out.find("chrF2"), std::string::npos) << over.out;
  EXPECT_NE(over.out.find("tok:13a"), std::string::npos) << over.out;

  write_file(dir_ / "bad.yaml", "score:\n  smooth_method: laplace\n");
  auto bad = run_ventris("--config " + q(dir_ / "bad.yaml") + " score " + q(dir_ / "ref.txt") + " -i " +
                         q(dir_ / "hyp.txt"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "error: " + (dir_ / "bad.yaml") +
                         ": key 'score.smooth_method' must be one of none, floor, add-k, exp, got 'laplace'\n");
  auto flag = run_ventris("score " + q(dir_ / "ref.txt") + " -i " + q(dir_ / "hyp.txt") + " -tok ja-mecab");
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_EQ(flag.err,
            "error: flag --tokenize: key 'score.tokenize' must be one of none, 13a, intl, zh, char, moses, got 'ja-mecab'\n");
}

TEST_F(ScoreCli, DumpConfigListsTheScoreSection) {
  auto r = run_ventris("--dump-config");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t section = r.out.find("\nscore:\n");
  ASSERT_NE(section, std::string::npos) << r.out;
  const std::string score = r.out.substr(section);
  for (const char* key : {"refs: []", "input: []", "metrics: [bleu]", "tokenize: 13a", "smooth_method: exp",
                          "chrf_char_order: 6", "paired_bs_n: 1000", "format: text", "encoding: utf-8",
                          "lenpen: 1", "length_normalization: fairseq", "batch_size: 64"})
    EXPECT_NE(score.find(key), std::string::npos) << key << " missing in:\n" << score;
  EXPECT_NE(score.find("(one of: none, 13a, intl, zh, char, moses)"), std::string::npos) << score;
  // The dump is itself a valid config.
  write_file(dir_ / "dump.yaml", r.out);
  auto again = run_ventris("--config " + q(dir_ / "dump.yaml") + " score " + q(dir_ / "ref.txt") + " -i " +
                           q(dir_ / "hyp.txt"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

// Every vector case through the command line, with sacreBLEU's own arguments.
TEST(ScoreCliVectors, SacrebleuCommandLinesReproduceEveryCase) {
  std::string why;
  const json* vectors = bleu_vectors(&why);
  if (!vectors) GTEST_SKIP() << why;
  const std::string dir = bleu_vectors_dir();
  std::vector<std::string> failed;
  for (const auto& tc : vectors->at("cases")) {
    std::string cmd = "score";
    auto add = [&cmd](const std::string& word) {
      cmd += ' ';
      cmd += word;
    };
    for (const auto& r : tc.at("refs")) add(q(dir + "/" + r.get<std::string>()));
    add("-i");
    add(q(dir + "/" + tc.at("hyp").get<std::string>()));
    add(tc.at("sacrebleu_args").get<std::string>());
    const bool sentence = tc.at("level") == "sentence";
    auto r = run_ventris(cmd + (sentence ? " -f json" : "") + " -q");
    bool ok = r.exit_code == 0;
    if (ok && !sentence) {
      ok = r.out == tc.at("expected").at("sacrebleu_line").get<std::string>() + "\n";
    } else if (ok) {
      const json got = json::parse(r.out);
      const auto& want = tc.at("expected").at("sentences");
      ok = got.size() == want.size();
      for (size_t i = 0; ok && i < got.size(); ++i)
        ok = std::abs(got[i]["score"].get<double>() - want[i]["score"].get<double>()) <= 1e-6 &&
             got[i]["signature"] == tc.at("expected").at("signature");
    }
    if (!ok) failed.push_back(tc.at("id").get<std::string>() + " (" + cmd + "): " + r.out.substr(0, 300) + r.err);
  }
  std::string all;
  for (const auto& f : failed) all += "\n  " + f;
  EXPECT_TRUE(failed.empty()) << failed.size() << " cases differ through the CLI:" << all;
}

}  // namespace
}  // namespace ventris::test
