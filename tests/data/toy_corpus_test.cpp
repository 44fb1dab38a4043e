// scripts/make_toy_corpus.py: deterministic, well-formed, disjoint splits.
#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <sstream>

#include "cli/run_binary.h"

namespace ventris {
namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::istringstream in(test::read_file(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

int generate(const std::string& out, int seed, int train = 2000) {
  const std::string cmd = "python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/make_toy_corpus.py --out " + out +
                          " --seed " + std::to_string(seed) + " --train-size " + std::to_string(train) +
                          " --valid-size 100 --test-size 100 > /dev/null 2>&1";
  return std::system(cmd.c_str());
}

TEST(ToyCorpus, DeterministicWellFormedAndDisjoint) {
  test::ScopedTempDir tmp("ventris-toy");
  ASSERT_EQ(generate(tmp / "a", 7), 0);
  ASSERT_EQ(generate(tmp / "b", 7), 0);
  ASSERT_EQ(generate(tmp / "c", 8), 0);
  for (const char* file : {"train.src", "train.tgt", "valid.src", "valid.tgt", "test.src", "test.tgt"}) {
    EXPECT_EQ(test::read_file(tmp / "a" + "/" + file), test::read_file(tmp / "b" + "/" + file)) << file;
  }
  EXPECT_NE(test::read_file(tmp / "a/train.src"), test::read_file(tmp / "c/train.src"));
  for (const char* split : {"train", "valid", "test"}) {
    auto src = lines_of(tmp / "a" + "/" + split + ".src"), tgt = lines_of(tmp / "a" + "/" + split + ".tgt");
    EXPECT_EQ(src.size(), tgt.size()) << split;
    EXPECT_EQ(src.size(), std::string(split) == "train" ? 2000u : 100u) << split;
    for (size_t i = 0; i < src.size(); ++i) {
      ASSERT_FALSE(src[i].empty() || tgt[i].empty()) << split << " line " << i + 1;
    }
  }
  auto train = lines_of(tmp / "a/train.src");
  std::set<std::string> train_set(train.begin(), train.end());
  for (const char* split : {"valid", "test"})
    for (const auto& line : lines_of(tmp / "a" + "/" + split + ".src"))
      EXPECT_FALSE(train_set.count(line)) << split << " sentence also in train: " << line;
}

TEST(ToyCorpus, TargetShowsReorderingAndAgreement) {
  test::ScopedTempDir tmp("ventris-toy");
  ASSERT_EQ(generate(tmp.path(), 3, 500), 0);
  auto src = lines_of(tmp / "train.src"), tgt = lines_of(tmp / "train.tgt");
  int plural_articles = 0, verb_final = 0;
  for (size_t i = 0; i < tgt.size(); ++i) {
    if (tgt[i].rfind("los ", 0) == 0 || tgt[i].rfind("las ", 0) == 0) ++plural_articles;
    // SOV: the token before the final period carries the verb's agreement suffix.
    std::istringstream words(tgt[i]);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (w.size() >= 2 && (w[w.size() - 2].ends_with("t"))) ++verb_final;
  }
  EXPECT_GT(plural_articles, 50);
  EXPECT_EQ(verb_final, static_cast<int>(tgt.size()));
  EXPECT_NE(std::system(("python3 " + std::string(VENTRIS_SOURCE_DIR) +
                         "/scripts/make_toy_corpus.py --out " + (tmp / "x") + " --train-size 0 > /dev/null 2>&1")
                            .c_str()),
            0);
}

}  // namespace
}  // namespace ventris
