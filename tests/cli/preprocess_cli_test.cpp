// `ventris preprocess` end to end through the binary: outputs, determinism,
// cleaning counts, and every bad-input path (one-line error, nothing left behind).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli/run_binary.h"
#include "data/dataset_format.h"
#include "data/spm_vocab.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

class PreprocessCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd = "python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/make_toy_corpus.py --out " +
                            (tmp_ / "toy") + " --train-size 1500 --valid-size 50 --test-size 50 > /dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::string corpus_args(const std::string& out, int vocab_size = 250) const {
    const std::string t = tmp_ / "toy";
    return "preprocess --train-src " + t + "/train.src --train-tgt " + t + "/train.tgt --valid-src " + t +
           "/valid.src --valid-tgt " + t + "/valid.tgt --out " + out + " --vocab-size " + std::to_string(vocab_size) + " --log-level warn";
  }
  bool only(const std::string& dir, std::vector<std::string> expected) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    std::sort(expected.begin(), expected.end());
    return names == expected;
  }
  ScopedTempDir tmp_{"ventris-pp"};
};

TEST_F(PreprocessCli, WritesVocabularyDatasetsStatsAndConfig) {
  auto r = run_ventris(corpus_args(tmp_ / "data"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(only(tmp_ / "data", {"spm.model", "train.bin", "valid.bin", "stats.json", "config.yaml"}));
  auto stats = nlohmann::json::parse(read_file(tmp_ / "data/stats.json"));
  auto train = stats["train"];
  EXPECT_EQ(train["pairs_read"].get<int>(), 1500);
  EXPECT_EQ(train["pairs_kept"].get<int>() + train["dropped"]["empty_side"].get<int>() +
                train["dropped"]["too_long"].get<int>() + train["dropped"]["length_ratio"].get<int>(),
            1500);
  EXPECT_EQ(stats["valid"]["pairs_kept"].get<int>(), 50);

  data::SpmVocab vocab = data::SpmVocab::from_file(tmp_ / "data/spm.model");
  data::Dataset valid(tmp_ / "data/valid.bin");
  EXPECT_EQ(valid.header().src_vocab_checksum, vocab.checksum());
  // Round trip: the ids (without EOS) decode to the input line.
  std::ifstream src(tmp_ / "toy/valid.src");
  std::string first;
  std::getline(src, first);
  auto ids = valid.src(0);
  EXPECT_EQ(ids.back(), data::kEosId);
  EXPECT_EQ(vocab.decode(std::vector<int32_t>(ids.begin(), ids.end() - 1)), first);
  EXPECT_NE(read_file(tmp_ / "data/config.yaml").find("vocab_size: 250"), std::string::npos);
}

TEST_F(PreprocessCli, OneAndTwoThreadsWriteIdenticalFiles) {
  ASSERT_EQ(run_ventris("--threads 1 " + corpus_args(tmp_ / "one")).exit_code, 0);
  ASSERT_EQ(run_ventris("--threads 2 " + corpus_args(tmp_ / "two")).exit_code, 0);
  for (const char* f : {"spm.model", "train.bin", "valid.bin", "stats.json"})
    EXPECT_EQ(read_file(tmp_ / "one" + "/" + f), read_file(tmp_ / "two" + "/" + f)) << f;
}

TEST_F(PreprocessCli, CleaningCountsOnACraftedCorpus) {
  // 4 good pairs, 1 with an empty side, 1 too long (max-len 12), 1 with a length ratio above 1.5.
  write_file(tmp_ / "c.src", "a b c\nd e f\ng h\ni j k\n\nx x x x x x x x x x x x x x x x\nab\n");
  write_file(tmp_ / "c.tgt", "a b c\nd e f\ng h\ni j k\nk\nx x x x x x x x x x x x x x x x\nab ab ab ab ab ab ab ab\n");
  auto r = run_ventris("preprocess --train-src " + (tmp_ / "c.src") + " --train-tgt " + (tmp_ / "c.tgt") + " --out " +
                       (tmp_ / "c") + " --vocab-size 30 --max-len 12 --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto d = nlohmann::json::parse(read_file(tmp_ / "c/stats.json"))["train"];
  EXPECT_EQ(d["pairs_read"], 7);
  EXPECT_EQ(d["dropped"]["empty_side"], 1);
  EXPECT_EQ(d["dropped"]["too_long"], 1);
  EXPECT_EQ(d["dropped"]["length_ratio"], 1);
  EXPECT_EQ(d["pairs_kept"], 4);
}

TEST_F(PreprocessCli, BadInputsFailWithOneLineAndLeaveNothing) {
  const std::string t = tmp_ / "toy";
  auto expect_error = [&](const std::string& args, const std::string& needle, int code = 1) {
    auto r = run_ventris(args.find("--log-level") == std::string::npos ? args + " --log-level warn" : args);
    EXPECT_EQ(r.exit_code, code) << args;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(tmp_ / "bad")) << "output left behind for: " << args;
    for (const auto& e : fs::directory_iterator(tmp_.path()))
      EXPECT_EQ(e.path().filename().string().find("bad.tmp"), std::string::npos) << "temp folder left behind";
  };
  write_file(tmp_ / "short.tgt", "one line\n");
  expect_error("preprocess --train-src " + t + "/train.src --train-tgt " + (tmp_ / "short.tgt") + " --out " +
                   (tmp_ / "bad"),
               "has 1500 lines but");
  write_file(tmp_ / "bad_utf8.src", "fine\nbroken \xC3\x28 here\n");
  write_file(tmp_ / "ok.tgt", "fine\nalso fine\n");
  expect_error("preprocess --train-src " + (tmp_ / "bad_utf8.src") + " --train-tgt " + (tmp_ / "ok.tgt") + " --out " +
                   (tmp_ / "bad"),
               "bad_utf8.src:2: invalid UTF-8");
  expect_error("preprocess --train-src " + (tmp_ / "missing.src") + " --train-tgt " + (tmp_ / "ok.tgt") + " --out " +
                   (tmp_ / "bad"),
               "missing.src' does not exist");
  write_file(tmp_ / "empty.src", "");
  expect_error("preprocess --train-src " + (tmp_ / "empty.src") + " --train-tgt " + (tmp_ / "ok.tgt") + " --out " +
                   (tmp_ / "bad"),
               "empty.src' is empty");
  write_file(tmp_ / "fake.model", "not a model");
  expect_error(corpus_args(tmp_ / "bad") + " --spm-model " + (tmp_ / "fake.model"), "not a SentencePiece model");
  expect_error("preprocess --train-src " + t + "/train.src --train-tgt " + t + "/train.tgt --out " + (tmp_ / "bad") +
                   " --unknown-flag 3",
               "unknown-flag", /*usage error*/ 2);
}

TEST_F(PreprocessCli, SkipInvalidDropsAndCountsBadLines) {
  write_file(tmp_ / "u.src", "a b c\nbroken \xC3\x28 here\nd e f\ng h i\n");
  write_file(tmp_ / "u.tgt", "a b c\nfine\nd e f\ng h \xFF i\n");
  auto r = run_ventris("preprocess --train-src " + (tmp_ / "u.src") + " --train-tgt " + (tmp_ / "u.tgt") + " --out " +
                       (tmp_ / "u") + " --vocab-size 20 --skip-invalid");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("u.src:2: invalid UTF-8"), std::string::npos) << r.err;  // warned with file:line
  auto d = nlohmann::json::parse(read_file(tmp_ / "u/stats.json"))["train"];
  EXPECT_EQ(d["dropped"]["invalid_utf8"], 2);
  EXPECT_EQ(d["pairs_kept"], 2);
}

TEST_F(PreprocessCli, ExistingOutputNeedsForceAndIsReplacedWhole) {
  ASSERT_EQ(run_ventris(corpus_args(tmp_ / "data")).exit_code, 0);
  const std::string before = read_file(tmp_ / "data/train.bin");
  auto r = run_ventris(corpus_args(tmp_ / "data"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already exists (use --force"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(tmp_ / "data/train.bin"), before);  // untouched
  ASSERT_EQ(run_ventris(corpus_args(tmp_ / "data", 200) + " --force").exit_code, 0);
  EXPECT_NE(read_file(tmp_ / "data/train.bin"), before);
  EXPECT_FALSE(fs::exists(tmp_ / "data.old"));
}

}  // namespace
}  // namespace ventris::test
