#include "ops/decoder_cache.h"

#include "core/error.h"
#include "op_test_util.h"

namespace ventris {
namespace {

TEST(CacheAppend, GathersTheChosenRowsAndAppendsTheStep) {
  for (int64_t positions : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{33}}) {
    const int64_t width = 5, old_rows = 3;
    Tensor cache = positions > 0 ? test::random_tensor({old_rows, positions, width}, 1) : Tensor();
    const std::vector<int32_t> from{2, 0, 0, 1};
    Tensor step = test::random_tensor({4, 1, width}, 2);
    const Tensor out = ops::cache_append(cache, step, positions > 0 ? Tensor::from_vector(from, {4}) : Tensor::from_vector(std::vector<int32_t>{0, 1, 2, 2}, {4}));
    ASSERT_EQ(out.shape(), Shape({4, positions + 1, width}));
    const auto o = out.to_vector<float>(), s = step.to_vector<float>();
    const auto c = positions > 0 ? cache.to_vector<float>() : std::vector<float>();
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j <= positions; ++j)
        for (int64_t d = 0; d < width; ++d) {
          const float want = j < positions ? c[(from[i] * positions + j) * width + d] : s[i * width + d];
          ASSERT_EQ(o[(i * (positions + 1) + j) * width + d], want) << "row " << i << " position " << j;
        }
  }
}

TEST(CacheAppend, WithoutSourceRowsEachRowContinuesItself) {
  Tensor cache = test::random_tensor({2, 3, 4}, 3), step = test::random_tensor({2, 4}, 4);
  const auto o = ops::cache_append(cache, step).to_vector<float>();
  const auto c = cache.to_vector<float>(), s = step.to_vector<float>();
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t e = 0; e < 12; ++e) EXPECT_EQ(o[i * 16 + e], c[i * 12 + e]);
    for (int64_t d = 0; d < 4; ++d) EXPECT_EQ(o[i * 16 + 12 + d], s[i * 4 + d]);
  }
}

TEST(CacheAppend, RejectsMismatchedShapesAndRows) {
  Tensor cache = test::random_tensor({2, 3, 4}, 3);
  EXPECT_THROW(ops::cache_append(cache, test::random_tensor({2, 5}, 1)), Error) << "width";
  EXPECT_THROW(ops::cache_append(cache, test::random_tensor({3, 4}, 1)), Error) << "3 rows need source_rows";
  EXPECT_THROW(ops::cache_append(cache, test::random_tensor({2, 4}, 1), Tensor::from_vector(std::vector<int32_t>{0, 2}, {2})),
               Error) << "row 2 of 2";
  EXPECT_THROW(ops::cache_append(cache, test::random_tensor({2, 2, 4}, 1)), Error) << "a step has one position";
}

}  // namespace
}  // namespace ventris
