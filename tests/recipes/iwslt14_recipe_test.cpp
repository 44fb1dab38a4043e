// recipes/iwslt14-de-en/run.sh end to end in its smoke mode on a fake corpus in
// the official de-en archive's layout (train.tags.de-en.* with TED talk
// metadata lines, the five IWSLT14.TED*.xml dev/test files), as a folder and as
// a .tgz: fairseq's data preparation (tag lines out, clean-corpus-n, every 23rd
// pair as valid, the test sets in order), every later stage and its artifacts,
// resuming, and the one-line errors.
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

constexpr int kTalks = 6, kSentencesPerTalk = 20;
// Per talk: the sentences, the speaker line (fairseq keeps it), title and
// description (tags removed); talk 0's description is empty and dropped.
constexpr int kKeptPairs = kTalks * (kSentencesPerTalk + 3) - 1;
const std::vector<std::pair<std::string, int>> kTestSets{{"IWSLT14.TED.dev2010", 4},
                                                         {"IWSLT14.TEDX.dev2012", 5},
                                                         {"IWSLT14.TED.tst2010", 3},
                                                         {"IWSLT14.TED.tst2011", 4},
                                                         {"IWSLT14.TED.tst2012", 6}};
constexpr int kTestLines = 22;

// Writes DIR/de-en/ as the de-en.tgz archive unpacks.
void write_fake_iwslt14(const std::string& dir) {
  const std::string root = dir + "/de-en";
  fs::create_directories(root);
  FakeParallelText text("de", 5);
  std::ofstream de(root + "/train.tags.de-en.de"), en(root + "/train.tags.de-en.en");
  auto both = [&](const std::string& d, const std::string& e) { de << d << '\n', en << e << '\n'; };
  for (int talk = 0; talk < kTalks; ++talk) {
    const std::string id = std::to_string(100 + talk);
    both("<url>http://www.ted.com/talks/talk_" + id + ".html</url>",
         "<url>http://www.ted.com/talks/talk_" + id + ".html</url>");
    both("<keywords>talks, hunde, straße</keywords>", "<keywords>talks, dogs, street</keywords>");
    both("<speaker>Anna Beispiel</speaker>", "<speaker>Anna Beispiel</speaker>");
    both("<talkid>" + id + "</talkid>", "<talkid>" + id + "</talkid>");
    FakePair title = text.next(), description = text.next();
    both("<title>" + title.foreign + "</title>", "<title>" + title.english + "</title>");
    if (talk == 0)
      both("<description></description>", "<description></description>");
    else
      both("<description>" + description.foreign + "</description>",
           "<description>" + description.english + "</description>");
    for (int s = 0; s < kSentencesPerTalk; ++s) {
      FakePair p = text.next();
      both(p.foreign, p.english);
    }
    both("Ja.", "Yes, of course, yes, indeed.");  // 2 against 9 tokens: dropped by the ratio 1.5
  }
  FakePair long_pair = text.next(180);  // more than 175 words: dropped
  both(long_pair.foreign, long_pair.english);

  for (const auto& [name, segments] : kTestSets) {
    for (const std::string lang : {"de", "en"}) {
      std::ofstream xml(root + "/" + name + ".de-en." + lang + ".xml");
      xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mteval>\n<srcset setid=\"" << name
          << "\" srclang=\"german\">\n<doc docid=\"535\" genre=\"lectures\">\n<url>http://www.ted.com/x</url>\n";
      for (int s = 1; s <= segments; ++s) {
        FakePair p = text.next();
        if (s == 1) p = {"Der Hund &amp; die Frau’s Straße.", "The dog &amp; the woman’s street."};
        xml << "<seg id=\"" << s << "\"> " << (lang == "de" ? p.foreign : p.english) << " </seg>\n";
      }
      xml << "</doc>\n</srcset>\n</mteval>\n";
    }
  }
}

ScriptResult run_iwslt(const std::string& args, const std::string& log) {
  return run_recipe_script("iwslt14-de-en", args, log);
}

struct SmokeCase {
  std::string arch;
  bool archive;  // --corpus names de-en.tgz instead of the folder
};

class Iwslt14Recipe : public ::testing::TestWithParam<SmokeCase> {};

TEST_P(Iwslt14Recipe, SmokeRunPreparesLikeFairseqAndProducesEveryArtifact) {
  const auto [arch, archive] = GetParam();
  ScopedTempDir tmp("ventris-iwslt-" + arch);
  write_fake_iwslt14(tmp / "corpus");
  std::string corpus = tmp / "corpus";
  if (archive) {
    ASSERT_EQ(std::system(("tar -czf " + (tmp / "de-en.tgz") + " -C " + corpus + " de-en").c_str()), 0);
    corpus = tmp / "de-en.tgz";
  }
  const std::string out = tmp / "out", args = "--arch " + arch + " --corpus " + corpus + " --out " + out + " --smoke";
  const ScriptResult first = run_iwslt(args, tmp / "log1");
  ASSERT_EQ(first.exit_code, 0) << first.output;

  // fairseq's split: every 23rd kept pair is valid, the test sets concatenated in order.
  EXPECT_EQ(count_lines(out + "/prep/valid.de"), size_t{kKeptPairs / 23});
  EXPECT_EQ(count_lines(out + "/prep/train.en"), size_t{kKeptPairs - kKeptPairs / 23});
  for (const char* f : {"test.de", "test.en", "test.raw.de", "test.raw.en"})
    EXPECT_EQ(count_lines(out + "/prep/" + f), size_t{kTestLines}) << f;
  const std::string train_en = read_file(out + "/prep/train.en");
  EXPECT_EQ(train_en.find("talkid"), std::string::npos) << "metadata lines are dropped";
  EXPECT_EQ(train_en.find("title"), std::string::npos) << "title tags are removed";
  EXPECT_NE(train_en.find("&lt; speaker &gt; anna beispiel &lt; / speaker &gt;"), std::string::npos)
      << "fairseq keeps the speaker lines, tokenized, escaped and lower-cased";
  EXPECT_EQ(train_en.find("indeed"), std::string::npos) << "the ratio-1.5 filter drops the unbalanced pairs";
  // Test: tokenized and lower-cased from the XML text as it is (fairseq does not resolve
  // entities: tokenizer.perl splits "&amp;" and escapes its "&" again); the raw reference has
  // it resolved; the right single quote became an apostrophe in both.
  const std::string test_en = read_file(out + "/prep/test.en"), raw_en = read_file(out + "/prep/test.raw.en");
  EXPECT_EQ(test_en.substr(0, test_en.find('\n')), "the dog &amp; amp ; the woman &apos;s street .");
  EXPECT_EQ(raw_en.substr(0, raw_en.find('\n')), "The dog & the woman's street.");

  // Vocabulary, one checkpoint per epoch (3 in smoke mode), all averaged (the last 10).
  for (const char* f : {"data/spm.model", "data/train.bin", "data/valid.bin", "model/eval.safetensors", "recipe.yaml"})
    EXPECT_TRUE(fs::exists(out + "/" + f)) << f;
  EXPECT_EQ(count_lines(out + "/averaged-checkpoints.txt"), 3u) << read_file(out + "/averaged-checkpoints.txt");
  EXPECT_EQ(count_lines(out + "/test.hyp.en"), size_t{kTestLines});
  const std::string report = read_file(out + "/report.json");
  for (const char* key : {"\"tokenized_bleu\"", "\"sacrebleu\"", "\"CPU-h\"", "\"epochs\": 3"})
    EXPECT_NE(report.find(key), std::string::npos) << key << " in " << report;
  EXPECT_NE(first.output.find("case:lc|eff:no|tok:13a"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("iwslt14-de-en   " + arch), std::string::npos) << first.output;

  // Again: every stage skips.
  const ScriptResult second = run_iwslt(args, tmp / "log2");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  for (const char* stage : {"prepare", "preprocess", "train", "average", "translate", "score"})
    EXPECT_NE(second.output.find("== " + std::string(stage) + ": complete, skipped"), std::string::npos) << stage;
}

INSTANTIATE_TEST_SUITE_P(Archs, Iwslt14Recipe,
                         ::testing::Values(SmokeCase{"transformer", false}, SmokeCase{"lite-160", true},
                                           SmokeCase{"lazy-3x2-dec", false}),
                         [](const auto& info) {
                           std::string name = info.param.arch;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(Iwslt14RecipeErrors, BadInputIsOneLineNamingIt) {
  ScopedTempDir tmp("ventris-iwslt-errors");
  write_fake_iwslt14(tmp / "corpus");
  const std::string corpus = tmp / "corpus";

  ScriptResult r = run_iwslt("--arch rnn --corpus " + corpus, tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --arch must be one of transformer, lite-160, lite-240, lite-320, lazy-3x2, "
                                 "lazy-3x2-dec, got 'rnn'");

  r = run_iwslt("--arch transformer --out " + (tmp / "out"), tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output),
            "error: --corpus is required: the IWSLT'14 de-en archive (de-en.tgz) or its unpacked folder");

  r = run_iwslt("--arch transformer --corpus " + (tmp / "nowhere") + " --out " + (tmp / "out"), tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: corpus not found: " + (tmp / "nowhere"));

  r = run_iwslt("--arch lite-240 --corpus " + corpus + " --gpus 2", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(last_line(r.output).find("error: --gpus 2: training on several GPUs needs NCCL"), std::string::npos)
      << r.output;

  r = run_iwslt("--arch lite-240 --corpus " + corpus + " --gpus many", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --gpus must be a whole number in [0, 4096], got 'many'");

  // --stop-after prepare: the prepared corpus and nothing after it (what evaluating a released checkpoint needs).
  r = run_iwslt("--arch transformer --corpus " + corpus + " --out " + (tmp / "prep-only") + " --smoke --stop-after prepare",
                tmp / "log");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(count_lines(tmp / "prep-only/prep/test.en"), size_t{kTestLines});
  EXPECT_FALSE(fs::exists(tmp / "prep-only/data"));
  r = run_iwslt("--arch transformer --corpus " + corpus + " --stop-after testing", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: --stop-after must be prepare, preprocess, train, average, translate or "
                                 "score, got 'testing'");

  fs::remove(corpus + "/de-en/IWSLT14.TED.tst2011.de-en.en.xml");
  r = run_iwslt("--arch transformer --corpus " + corpus + " --out " + (tmp / "out") + " --smoke", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: IWSLT'14 IWSLT14.TED.tst2011 (en) not found: " + corpus +
                                     "/de-en/IWSLT14.TED.tst2011.de-en.en.xml");

  fs::remove_all(corpus + "/de-en");
  fs::create_directories(corpus + "/empty");
  r = run_iwslt("--arch transformer --corpus " + corpus + " --out " + (tmp / "out") + " --smoke", tmp / "log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.output), "error: train.tags.de-en.de not found in " + corpus +
                                     " (the IWSLT'14 de-en archive (de-en.tgz) or its unpacked folder)");
}

}  // namespace
}  // namespace ventris::test
