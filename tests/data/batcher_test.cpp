#include "data/batcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/error.h"

namespace ventris::data {
namespace {

std::vector<int32_t> random_lengths(size_t n, uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<int32_t> lengths(n);
  for (auto& l : lengths) l = 1 + static_cast<int32_t>(rng.below(120));
  return lengths;
}

TEST(Batcher, BudgetRespectedAndEveryExampleExactlyOncePerEpoch) {
  auto lengths = random_lengths(5000, 1);
  Batcher batcher(lengths, {1000, 0, 1024, true, 7});
  for (int64_t epoch : {1, 2, 3}) {
    std::vector<int> seen(lengths.size(), 0);
    for (const auto& batch : batcher.plan(epoch)) {
      ASSERT_FALSE(batch.empty());
      int32_t longest = 0;
      for (int64_t i : batch) longest = std::max(longest, lengths[i]);
      EXPECT_LE(static_cast<int64_t>(longest) * static_cast<int64_t>(batch.size()), 1000);
      for (int64_t i : batch) ++seen[i];
    }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; })) << "epoch " << epoch;
  }
}

TEST(Batcher, SameSeedSameOrderOtherEpochOrSeedDiffers) {
  auto lengths = random_lengths(2000, 2);
  Batcher a(lengths, {512, 0, 500, true, 3}), b(lengths, {512, 0, 500, true, 3}), c(lengths, {512, 0, 500, true, 4});
  EXPECT_EQ(a.plan(1), b.plan(1));
  EXPECT_NE(a.plan(1), a.plan(2));
  EXPECT_NE(a.plan(1), c.plan(1));
}

TEST(Batcher, LengthBucketingKeepsPaddingLow) {
  auto lengths = random_lengths(4000, 3);
  Batcher batcher(lengths, {2048, 0, 4000, true, 5});
  int64_t real = 0, padded = 0;
  for (const auto& batch : batcher.plan(1)) {
    int32_t longest = 0;
    for (int64_t i : batch) {
      longest = std::max(longest, lengths[i]);
      real += lengths[i];
    }
    padded += static_cast<int64_t>(longest) * static_cast<int64_t>(batch.size());
  }
  EXPECT_LT(static_cast<double>(padded - real) / padded, 0.05);  // < 5% padding with sorted pools
}

TEST(Batcher, SavedPositionContinuesExactlyAcrossEpochs) {
  auto lengths = random_lengths(300, 4);
  Batcher straight(lengths, {256, 0, 100, true, 9});
  std::vector<std::vector<int64_t>> expected;
  for (int k = 0; k < 40; ++k) expected.push_back(straight.next());  // spans several epochs

  Batcher first(lengths, {256, 0, 100, true, 9});
  for (int k = 0; k < 17; ++k) first.next();
  const BatchPosition saved = first.position();
  Batcher resumed(lengths, {256, 0, 100, true, 9});
  resumed.restore(saved);
  for (int k = 17; k < 40; ++k) EXPECT_EQ(resumed.next(), expected[k]) << "batch " << k;
  EXPECT_THROW(resumed.restore({1, 100000}), Error);
}

TEST(Batcher, MaxSentencesAndTooLongExamples) {
  std::vector<int32_t> lengths(100, 3);
  Batcher b(lengths, {1000, 8, 100, false, 1});
  for (const auto& batch : b.plan(1)) EXPECT_LE(batch.size(), 8u);
  EXPECT_EQ(b.plan(1).front(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));  // no shuffle: file order
  try {
    Batcher bad({5, 500, 7}, {100, 0, 10, true, 1});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("example 1 has 500 tokens"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ventris::data
