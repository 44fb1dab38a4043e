// recipes/multi30k-de-en/run.sh end to end in its smoke mode, for every model
// family, on a fake corpus in Multi30k's layout (raw train/valid/test2016
// files, with and without the tok/ reference): every stage runs, its artifacts
// are checked, a second run skips every stage, and bad input is a one-line
// error naming what is wrong.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "recipes/recipe_runner.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

ScriptResult run_recipe(const std::string& args, const std::string& log) {
  return run_recipe_script("multi30k-de-en", args, log);
}

// Parallel sentences from a small word table: German words and their English
// glosses in the same order, so a model could learn something, and the
// tokenizer meets capitals and a final period.
void write_fake_multi30k(const std::string& dir, bool with_tok_reference) {
  const std::vector<std::pair<std::string, std::string>> words{
      {"ein", "a"},     {"mann", "man"}, {"frau", "woman"}, {"hund", "dog"},      {"läuft", "runs"},
      {"sitzt", "sits"}, {"auf", "on"},  {"der", "the"},    {"straße", "street"}, {"spielt", "plays"}};
  std::mt19937 rng(3);
  fs::create_directories(dir);
  for (auto [split, lines] : {std::pair<std::string, int>{"train", 300}, {"valid", 30}, {"test2016", 25}}) {
    std::ofstream de(dir + "/" + split + ".de"), en(dir + "/" + split + ".en");
    for (int i = 0; i < lines; ++i) {
      std::string d, e;
      const int n = 3 + static_cast<int>(rng() % 6);
      for (int w = 0; w < n; ++w) {
        const auto& [gw, ew] = words[rng() % words.size()];
        if (w) {
          d += ' ';
          e += ' ';
        }
        d += gw;
        e += ew;
      }
      d[0] = static_cast<char>(std::toupper(d[0]));
      e[0] = static_cast<char>(std::toupper(e[0]));
      de << d << ".\n";
      en << e << ".\n";
    }
  }
  if (with_tok_reference) {
    // What Multi30k's tok/ holds for these lines: lower-cased, the period split off.
    fs::create_directories(dir + "/tok");
    std::ifstream raw(dir + "/test2016.en");
    std::ofstream tok(dir + "/tok/test2016.lc.norm.tok.en");
    for (std::string line; std::getline(raw, line);) {
      for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      tok << line.substr(0, line.size() - 1) << " .\n";
    }
  }
}

class Multi30kRecipe : public ::testing::TestWithParam<std::string> {};

TEST_P(Multi30kRecipe, SmokeRunProducesEveryArtifactAndResumes) {
  const std::string arch = GetParam();
  ScopedTempDir tmp("ventris-recipe-" + arch);
  const std::string corpus = tmp / "corpus", out = tmp / "out";
  write_fake_multi30k(corpus, /*with_tok_reference=*/arch != "lite");

  const ScriptResult first = run_recipe("--arch " + arch + " --corpus " + corpus + " --out " + out + " --smoke",
                                        tmp / "log1");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  for (const char* stage : {"prepare", "preprocess", "train", "average", "translate", "score"})
    EXPECT_TRUE(fs::exists(out + "/.done/" + std::string(stage))) << stage;

  // Prepared corpus and the tokenized lower-cased reference, line-aligned.
  EXPECT_EQ(count_lines(out + "/corpus/train.de"), 300u);
  EXPECT_EQ(count_lines(out + "/corpus/train.en"), 300u);
  EXPECT_EQ(count_lines(out + "/corpus/test2016.tok.en"), 25u);
  // Made by `ventris tokenize` when the corpus has no tok/ file: the same form as the fake tok/ file.
  const std::string tok_ref = read_file(out + "/corpus/test2016.tok.en");
  EXPECT_EQ(tok_ref.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << "not lower-cased";
  EXPECT_NE(tok_ref.find(" .\n"), std::string::npos) << "final period not split off";

  // Vocabulary and datasets, checkpoints, the averaged model.
  for (const char* f : {"data/spm.model", "data/train.bin", "data/valid.bin", "model/checkpoint_4.safetensors",
                        "model/checkpoint_8.safetensors", "model/checkpoint_12.safetensors",
                        "model/average.safetensors"})
    EXPECT_TRUE(fs::exists(out + "/" + f)) << f;
  EXPECT_NE(first.output.find("averaging checkpoint_4.safetensors checkpoint_8.safetensors checkpoint_12.safetensors"),
            std::string::npos)
      << first.output;

  // Hypotheses for every test sentence, and the report with both BLEU kinds.
  EXPECT_EQ(count_lines(out + "/test2016.hyp.en"), 25u);
  EXPECT_EQ(count_lines(out + "/test2016.hyp.tok.en"), 25u);
  const std::string report = read_file(out + "/report.json");
  for (const char* key : {"\"tokenized_lc_bleu\"", "\"sacrebleu\"", "\"chrf\"", "\"updates\": 12"})
    EXPECT_NE(report.find(key), std::string::npos) << key << " in " << report;
  EXPECT_NE(report.find("\"arch\": \"" + arch + "\""), std::string::npos) << report;
  EXPECT_NE(first.output.find("tok:13a|smooth:exp|version:2.6.0"), std::string::npos) << first.output;

  // The same command again: every stage is skipped, the report is printed again.
  const std::string model_bytes = read_file(out + "/model/average.safetensors");
  const ScriptResult second = run_recipe("--arch " + arch + " --corpus " + corpus + " --out " + out + " --smoke",
                                         tmp / "log2");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  for (const char* stage : {"prepare", "preprocess", "train", "average", "translate", "score"})
    EXPECT_NE(second.output.find("== " + std::string(stage) + ": complete, skipped"), std::string::npos) << stage;
  EXPECT_NE(second.output.find("multi30k-de-en   " + arch), std::string::npos) << second.output;
  EXPECT_EQ(read_file(out + "/model/average.safetensors"), model_bytes);
}

INSTANTIATE_TEST_SUITE_P(Families, Multi30kRecipe, ::testing::Values("transformer", "lite", "lazy"),
                         [](const auto& info) { return info.param; });

TEST(Multi30kRecipeErrors, BadInputIsOneLineNamingIt) {
  ScopedTempDir tmp("ventris-recipe-errors");
  const std::string corpus = tmp / "corpus";
  write_fake_multi30k(corpus, false);

  ScriptResult r = run_recipe("--arch rnn --corpus " + corpus, tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --arch must be transformer, lite or lazy, got 'rnn'");

  fs::remove(corpus + "/valid.en");
  r = run_recipe("--arch transformer --corpus " + corpus + " --out " + (tmp / "out"), tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: Multi30k valid.en not found: " + corpus + "/valid.en");
  EXPECT_FALSE(fs::exists(tmp / "out")) << "nothing is written before the inputs are checked";

  write_file(corpus + "/valid.en", "only one line\n");
  r = run_recipe("--arch transformer --corpus " + corpus + " --out " + (tmp / "out"), tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: " + corpus + "/valid.de has 30 lines but " + corpus +
                                     "/valid.en has 1: the sides must be line-aligned");

  r = run_recipe("--arch lite --corpus " + corpus + " --minutes 0", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --minutes must be a whole number >= 1, got '0'");
}

}  // namespace
}  // namespace ventris::test
