// ops::topk on the CPU: a known answer with ties, -inf and NaN, a naive
// stable-sort reference at awkward sizes, batched leading dims, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "ops/topk.h"
#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Topk, KnownAnswerWithTiesInfAndNan) {
  const float inf = INFINITY;
  Tensor x = Tensor::from_vector<float>({1.f, 3.f, NAN, -inf, 3.f, 2.f, -inf}, {1, 7});
  auto four = ops::topk(x, 4);
  EXPECT_EQ(four.values.shape(), (Shape{1, 4}));
  EXPECT_EQ(four.indices.dtype(), DType::I32);
  EXPECT_EQ(four.values.to_vector<float>(), (std::vector<float>{3.f, 3.f, 2.f, 1.f}));
  EXPECT_EQ(four.indices.to_vector<int32_t>(), (std::vector<int32_t>{1, 4, 5, 0}));
  // All seven: equal -inf by column, NaN last.
  auto all = ops::topk(x, 7);
  EXPECT_EQ(all.indices.to_vector<int32_t>(), (std::vector<int32_t>{1, 4, 5, 0, 3, 6, 2}));
  EXPECT_TRUE(std::isnan(all.values.to_vector<float>()[6]));
  // -0 and +0 are equal: the lower column wins.
  auto zeros = ops::topk(Tensor::from_vector<float>({0.f, -0.f, 0.f}, {3}), 2);
  EXPECT_EQ(zeros.indices.to_vector<int32_t>(), (std::vector<int32_t>{0, 1}));
}

TEST(Topk, MatchesAStableSortAtAwkwardSizesOverLeadingDims) {
  for (int64_t cols : test::awkward_sizes()) {
    Tensor x = test::random_tensor({2, 3, cols}, static_cast<uint32_t>(cols), -3.f, 3.f);
    // Round to a few levels so ties are common.
    auto v = x.to_vector<float>();
    for (auto& e : v) e = std::round(e);
    x = Tensor::from_vector(v, x.shape());
    for (int64_t k : {int64_t{1}, std::min<int64_t>(5, cols), cols}) {
      auto got = ops::topk(x, k);
      ASSERT_EQ(got.values.shape(), (Shape{2, 3, k}));
      auto vals = got.values.to_vector<float>();
      auto idx = got.indices.to_vector<int32_t>();
      for (int64_t r = 0; r < 6; ++r) {
        std::vector<int32_t> order(static_cast<size_t>(cols));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int32_t a, int32_t b) { return v[r * cols + a] > v[r * cols + b]; });
        for (int64_t j = 0; j < k; ++j) {
          ASSERT_EQ(idx[r * k + j], order[j]) << "cols=" << cols << " k=" << k << " row " << r;
          ASSERT_EQ(vals[r * k + j], v[r * cols + order[j]]);
        }
      }
    }
  }
}

TEST(Topk, EmptyResultsAndErrors) {
  Tensor x = test::random_tensor({4, 5}, 1);
  EXPECT_EQ(ops::topk(x, 0).values.shape(), (Shape{4, 0}));
  EXPECT_EQ(ops::topk(Tensor::zeros({0, 5}), 3).indices.shape(), (Shape{0, 3}));
  EXPECT_THROW(ops::topk(x, 6), Error);
  EXPECT_THROW(ops::topk(x, -1), Error);
  EXPECT_THROW(ops::topk(Tensor::zeros({4, 5}, DType::I32), 1), Error);
  EXPECT_THROW(ops::topk(Tensor::scalar(1.f), 1), Error);
}

}  // namespace
}  // namespace ventris
