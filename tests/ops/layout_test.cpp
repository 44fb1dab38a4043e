#include "ops/layout.h"

#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Layout, PermuteHeadsAndInverse) {
  const int64_t B = 2, T = 7, H = 3, Dh = 5;
  Tensor x = test::random_tensor({B, T, H, Dh}, 1);
  Tensor y = ops::permute(x, {0, 2, 1, 3});
  EXPECT_EQ(y.shape(), (Shape{B, H, T, Dh}));
  auto xv = x.to_vector<float>(), yv = y.to_vector<float>();
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t d = 0; d < Dh; ++d)
          ASSERT_EQ(yv[((b * H + h) * T + t) * Dh + d], xv[((b * T + t) * H + h) * Dh + d]);
  Tensor back = ops::permute(y, ops::inverse_permutation({0, 2, 1, 3}));
  EXPECT_EQ(back.to_vector<float>(), xv);
}

TEST(Layout, TransposeLastTwoAndIntTensors) {
  Tensor x = Tensor::from_vector<int32_t>({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(ops::transpose(x, 0, 1).to_vector<int32_t>(), (std::vector<int32_t>{1, 4, 2, 5, 3, 6}));
}

TEST(Layout, ConcatSplitRoundTripAlongEachDim) {
  Tensor a = test::random_tensor({2, 3, 4}, 1), b = test::random_tensor({2, 3, 4}, 2);
  for (int dim = 0; dim < 3; ++dim) {
    Tensor c = ops::concat({a, b}, dim);
    EXPECT_EQ(c.size(dim), a.size(dim) * 2);
    auto parts = ops::split(c, {a.size(dim), b.size(dim)}, dim);
    EXPECT_EQ(parts[0].to_vector<float>(), a.to_vector<float>());
    EXPECT_EQ(parts[1].to_vector<float>(), b.to_vector<float>());
  }
  // Channel split of the Lite Transformer: [B, T, D] -> two halves on the last dim.
  Tensor x = Tensor::from_vector<float>({1, 2, 3, 4, 5, 6, 7, 8}, {2, 4});
  auto halves = ops::split(x, {1, 3}, -1);
  EXPECT_EQ(halves[0].to_vector<float>(), (std::vector<float>{1, 5}));
  EXPECT_EQ(halves[1].to_vector<float>(), (std::vector<float>{2, 3, 4, 6, 7, 8}));
}

TEST(Layout, EmptyPartsAndBadSizes) {
  Tensor a = Tensor::zeros({2, 0}), b = test::random_tensor({2, 3}, 1);
  EXPECT_EQ(ops::concat({a, b}, 1).to_vector<float>(), b.to_vector<float>());
  EXPECT_THROW(ops::split(b, {1, 1}, 1), Error);
  EXPECT_THROW(ops::concat({b, Tensor::zeros({3, 3})}, 1), Error);
}

}  // namespace
}  // namespace ventris
