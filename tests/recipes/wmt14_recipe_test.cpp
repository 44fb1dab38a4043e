// recipes/wmt14-en-{de,fr}/run.sh end to end in smoke mode on fake corpora laid
// out as the official archives unpack (training/, dev/, test-full/ SGML), or
// with plain test files: fairseq's WMT preparation (normalize, non-printing
// characters, aggressive tokenization, clean-corpus-n 1-250), the issue's
// split (newstest2013 valid, newstest2014 test), evaluation with the
// checkpoint choice, beam and BLEU kind of the papers, and the one-line errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "recipes/fake_parallel_text.h"
#include "recipes/recipe_runner.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

constexpr int kPairsPerCorpus = 60, kValid = 8, kTest = 7;

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path);
  for (const auto& l : lines) out << l << '\n';
}

void write_sgm(const std::string& path, const std::string& setid, const std::vector<std::string>& segments) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path);
  out << "<srcset setid=\"" << setid << "\" srclang=\"any\">\n<doc sysid=\"ref\" docid=\"1\" genre=\"news\">\n";
  for (size_t i = 0; i < segments.size(); ++i) out << "<seg id=\"" << i + 1 << "\">" << segments[i] << "</seg>\n";
  out << "</doc>\n</srcset>\n";
}

// TGT de or fr; sgm: newstest2014 as test-full/*.sgm, else plain newstest2014.en-TGT.*.
void write_fake_wmt14(const std::string& dir, const std::string& tgt, bool sgm) {
  FakeParallelText text(tgt, 11);
  const std::vector<std::string> corpora =
      tgt == "de" ? std::vector<std::string>{"training/europarl-v7.de-en", "commoncrawl.de-en",
                                             "training/news-commentary-v9.de-en"}
                  : std::vector<std::string>{"training/europarl-v7.fr-en", "commoncrawl.fr-en", "un/undoc.2000.fr-en",
                                             "training/news-commentary-v9.fr-en", "giga-fren.release2.fixed"};
  for (const auto& c : corpora) {
    std::vector<std::string> en, other;
    for (int i = 0; i < kPairsPerCorpus; ++i) {
      FakePair p = text.next();
      // A no-break space and a zero-width space (normalized / removed as fairseq's pipeline does).
      if (i == 0) p = {"«Ein Hund»\u00a0läuft\u200b.", "“A dog”\u00a0runs\u200b."};
      other.push_back(p.foreign), en.push_back(p.english);
    }
    FakePair long_pair = text.next(260);  // more than 250 words: dropped
    other.push_back(long_pair.foreign), en.push_back(long_pair.english);
    write_lines(dir + "/" + c + ".en", en);
    write_lines(dir + "/" + c + "." + tgt, other);
  }
  std::vector<std::string> valid_en, valid_other, test_en, test_other;
  for (int i = 0; i < kValid; ++i) {
    FakePair p = text.next();
    valid_other.push_back(p.foreign), valid_en.push_back(p.english);
  }
  for (int i = 0; i < kTest; ++i) {
    FakePair p = text.next();
    if (i == 0) p = {"Die E-Mail, der Hund.", "The e-mail, the dog."};
    test_other.push_back(p.foreign), test_en.push_back(p.english);
  }
  write_lines(dir + "/dev/newstest2013.en", valid_en);
  write_lines(dir + "/dev/newstest2013." + tgt, valid_other);
  const std::string pair = tgt + "en";
  if (sgm) {
    write_sgm(dir + "/test-full/newstest2014-" + pair + "-src.en.sgm", "newstest2014", test_en);
    write_sgm(dir + "/test-full/newstest2014-" + pair + "-ref." + tgt + ".sgm", "newstest2014", test_other);
  } else {
    write_lines(dir + "/newstest2014.en-" + tgt + ".en", test_en);
    write_lines(dir + "/newstest2014.en-" + tgt + "." + tgt, test_other);
  }
}

struct WmtCase {
  std::string tgt, arch;
  bool sgm;
};

class Wmt14Recipe : public ::testing::TestWithParam<WmtCase> {};

TEST_P(Wmt14Recipe, SmokeRunPreparesLikeFairseqAndProducesEveryArtifact) {
  const auto [tgt, arch, sgm] = GetParam();
  const std::string recipe = "wmt14-en-" + tgt;
  ScopedTempDir tmp("ventris-" + recipe);
  write_fake_wmt14(tmp / "corpus", tgt, sgm);
  const std::string out = tmp / "out";
  const ScriptResult r = run_recipe_script(
      recipe, "--arch " + arch + " --corpus " + (tmp / "corpus") + " --out " + out + " --smoke", tmp / "log");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const size_t corpora = tgt == "de" ? 3 : 5;
  EXPECT_EQ(count_lines(out + "/prep/train.en"), corpora * kPairsPerCorpus) << "the 260-word pairs are dropped";
  EXPECT_EQ(count_lines(out + "/prep/valid." + tgt), size_t{kValid});
  EXPECT_EQ(count_lines(out + "/prep/test.en"), size_t{kTest});
  const std::string train_en = read_file(out + "/prep/train.en");
  EXPECT_EQ(train_en.substr(0, train_en.find('\n')), "&quot; A dog &quot; runs .")
      << "quotes normalized, no-break and zero-width spaces handled, then tokenized";
  const std::string test_tgt = read_file(out + "/prep/test." + tgt), raw = read_file(out + "/prep/test.raw." + tgt);
  EXPECT_EQ(test_tgt.substr(0, test_tgt.find('\n')), "Die E @-@ Mail , der Hund .")
      << "aggressive hyphen splitting, case kept";
  EXPECT_EQ(raw.substr(0, raw.find('\n')), "Die E-Mail, der Hund.");

  EXPECT_TRUE(fs::exists(out + "/model/eval.safetensors"));
  EXPECT_EQ(count_lines(out + "/test.hyp." + tgt), size_t{kTest});
  const std::string picked = read_file(out + "/averaged-checkpoints.txt");
  if (arch.starts_with("lite"))
    EXPECT_EQ(picked, "checkpoint_best.safetensors\n") << "the Lite WMT recipes evaluate the best checkpoint";
  else
    EXPECT_EQ(count_lines(out + "/averaged-checkpoints.txt"), 3u) << picked;
  const std::string report = read_file(out + "/report.json");
  for (const char* key : {"\"tokenized_bleu\"", "\"sacrebleu\"", "\"paper_bleu\""})
    EXPECT_NE(report.find(key), std::string::npos) << key << " in " << report;
  EXPECT_NE(r.output.find("case:mixed|eff:no|tok:13a"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(recipe + "     " + arch), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Pairs, Wmt14Recipe,
                         ::testing::Values(WmtCase{"de", "transformer-base", true}, WmtCase{"fr", "lite-200", false}),
                         [](const auto& info) { return info.param.tgt + "_" + std::to_string(info.param.sgm); });

TEST(Wmt14RecipeErrors, MissingFilesAreOneLineErrorsNamingThem) {
  ScopedTempDir tmp("ventris-wmt14-errors");
  write_fake_wmt14(tmp / "corpus", "de", true);
  const std::string corpus = tmp / "corpus";
  auto run = [&](const std::string& args) {
    return run_recipe_script("wmt14-en-de", args + " --out " + (tmp / "out") + " --smoke", tmp / "log");
  };

  ScriptResult r = run("--arch transformer-huge --corpus " + corpus);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --arch must be one of transformer-base, transformer-big, lite-200, "
                                 "lite-408, lite-496, lazy-base-3x2, lazy-big-3x2, got 'transformer-huge'");

  fs::remove(corpus + "/commoncrawl.de-en.de");
  r = run("--arch transformer-base --corpus " + corpus);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output),
            "error: WMT'14 training file commoncrawl.de-en.de not found under " + corpus + " (README.md lists the files)");

  fs::remove_all(tmp / "out");
  write_lines(corpus + "/commoncrawl.de-en.de", {"Nur eine Zeile."});
  r = run("--arch transformer-base --corpus " + corpus);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: " + corpus + "/commoncrawl.de-en.en has 61 lines but " + corpus +
                                     "/commoncrawl.de-en.de has 1: the sides must be line-aligned");

  fs::remove_all(tmp / "out");
  write_fake_wmt14(tmp / "corpus2", "de", true);
  fs::remove_all(tmp / "corpus2/test-full");
  r = run("--arch lite-408 --corpus " + (tmp / "corpus2"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: newstest2014 (en) not found under " + (tmp / "corpus2") +
                                     ": newstest2014.en-de.en or newstest2014-deen-src.en.sgm");
}

}  // namespace
}  // namespace ventris::test
