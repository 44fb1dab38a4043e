#include "ops/decoder_cache.h"

#include "core/error.h"
#include "op_test_util.h"

namespace ventris {
namespace {

int64_t growth_chunks(int64_t positions) {
  return (positions + ops::kCacheGrowth - 1) / ops::kCacheGrowth * ops::kCacheGrowth;
}

TEST(CacheAppend, GathersTheChosenRowsAndAppendsTheStep) {
  // Full caches (capacity = positions) must grow; roomy ones keep their capacity.
  for (int64_t positions : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{8}, int64_t{33}}) {
    for (int64_t room : {int64_t{0}, int64_t{3}}) {
      const int64_t width = 5, old_rows = 3, capacity = positions + room;
      Tensor cache = capacity > 0 ? test::random_tensor({old_rows, capacity, width}, 1) : Tensor();
      const std::vector<int32_t> from{2, 0, 0, 1};
      Tensor step = test::random_tensor({4, 1, width}, 2);
      const Tensor out = ops::cache_append(cache, positions, step, Tensor::from_vector(from, {4}));
      const int64_t want_capacity = room > 0 ? capacity : growth_chunks(positions + 1);
      ASSERT_EQ(out.shape(), Shape({4, want_capacity, width})) << positions << " positions, room " << room;
      ASSERT_FALSE(out.shares_storage(cache)) << "a reorder never writes into the old cache";
      const auto o = out.to_vector<float>(), s = step.to_vector<float>();
      const auto c = capacity > 0 ? cache.to_vector<float>() : std::vector<float>();
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t j = 0; j <= positions; ++j)
          for (int64_t d = 0; d < width; ++d) {
            const float want = j < positions ? c[(from[i] * capacity + j) * width + d] : s[i * width + d];
            ASSERT_EQ(o[(i * want_capacity + j) * width + d], want) << "row " << i << " position " << j;
          }
    }
  }
}

TEST(CacheAppend, WithoutSourceRowsEachRowContinuesItself) {
  Tensor cache = test::random_tensor({2, 3, 4}, 3), step = test::random_tensor({2, 4}, 4);
  const Tensor out = ops::cache_append(cache, 3, step);
  ASSERT_EQ(out.shape(), Shape({2, 8, 4}));
  const auto o = out.to_vector<float>(), c = cache.to_vector<float>(), s = step.to_vector<float>();
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t e = 0; e < 12; ++e) EXPECT_EQ(o[i * 32 + e], c[i * 12 + e]);
    for (int64_t d = 0; d < 4; ++d) EXPECT_EQ(o[i * 32 + 12 + d], s[i * 4 + d]);
  }
}

TEST(CacheAppend, WithRoomAndNoReorderWritesInPlace) {
  Tensor cache = test::random_tensor({2, 8, 4}, 5), step = test::random_tensor({2, 4}, 6);
  const auto before = cache.to_vector<float>();
  {
    // Another holder of the storage (a copied state) must not see the write.
    const Tensor shared = cache;
    const Tensor out = ops::cache_append(cache, 3, step);
    EXPECT_FALSE(out.shares_storage(cache));
    EXPECT_EQ(cache.to_vector<float>(), before);
  }
  Tensor out = ops::cache_append(cache, 3, step);
  ASSERT_TRUE(out.shares_storage(cache));
  ASSERT_EQ(out.shape(), Shape({2, 8, 4}));
  const auto o = out.to_vector<float>(), s = step.to_vector<float>();
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 8; ++j)
      for (int64_t d = 0; d < 4; ++d) {
        const int64_t e = (i * 8 + j) * 4 + d;
        EXPECT_EQ(o[e], j == 3 ? s[i * 4 + d] : before[e]) << "row " << i << " position " << j;
      }
}

TEST(CacheAppend, RejectsMismatchedShapesAndRows) {
  Tensor cache = test::random_tensor({2, 3, 4}, 3);
  EXPECT_THROW(ops::cache_append(cache, 3, test::random_tensor({2, 5}, 1)), Error) << "width";
  EXPECT_THROW(ops::cache_append(cache, 3, test::random_tensor({3, 4}, 1)), Error) << "3 rows need source_rows";
  EXPECT_THROW(
      ops::cache_append(cache, 3, test::random_tensor({2, 4}, 1), Tensor::from_vector(std::vector<int32_t>{0, 2}, {2})),
      Error)
      << "row 2 of 2";
  EXPECT_THROW(ops::cache_append(cache, 3, test::random_tensor({2, 2, 4}, 1)), Error) << "a step has one position";
  EXPECT_THROW(ops::cache_append(cache, 4, test::random_tensor({2, 4}, 1)), Error) << "4 positions in room for 3";
}

}  // namespace
}  // namespace ventris
