#include "ops/elementwise.h"

#include "op_test_util.h"

namespace ventris {
namespace {

using test::random_tensor;

TEST(Elementwise, BroadcastOverLeadingDimsBothWays) {
  for (int64_t d : test::awkward_sizes()) {
    Tensor x = random_tensor({3, 2, d}, 1), bias = random_tensor({d}, 2);
    auto xv = x.to_vector<float>(), bv = bias.to_vector<float>();
    std::vector<double> add(x.numel()), sub(x.numel()), mul(x.numel()), rsub(x.numel());
    for (int64_t i = 0; i < x.numel(); ++i) {
      add[i] = xv[i] + bv[i % d];
      sub[i] = xv[i] - bv[i % d];
      rsub[i] = bv[i % d] - xv[i];
      mul[i] = static_cast<double>(xv[i]) * bv[i % d];
    }
    test::expect_close(ops::add(x, bias), add);
    test::expect_close(ops::sub(x, bias), sub);
    test::expect_close(ops::sub(bias, x), rsub);  // broadcast operand first
    test::expect_close(ops::mul(bias, x), mul);
  }
}

TEST(Elementwise, MiddleDimsBroadcastAsASuffix) {
  Tensor scores = random_tensor({2, 3, 4, 4}, 3), mask = random_tensor({4, 4}, 4);
  Tensor y = ops::add(scores, mask);
  auto s = scores.to_vector<float>(), m = mask.to_vector<float>();
  std::vector<double> ref(s.size());
  for (size_t i = 0; i < s.size(); ++i) ref[i] = s[i] + m[i % 16];
  test::expect_close(y, ref);
}

TEST(Elementwise, RejectsNonSuffixShapes) {
  EXPECT_THROW(ops::add(Tensor::zeros({2, 3}), Tensor::zeros({2})), Error);
  EXPECT_THROW(ops::mul(Tensor::zeros({4, 3}), Tensor::zeros({2, 3})), Error);
}

TEST(Elementwise, ScaleAddScaledAndSumToSuffix) {
  Tensor x = random_tensor({5, 7}, 5);
  auto xv = x.to_vector<float>();
  std::vector<double> scaled(xv.begin(), xv.end());
  for (auto& v : scaled) v *= -3.0;
  test::expect_close(ops::scale(x, -3.f), scaled);

  Tensor acc = Tensor::full({5, 7}, 1.f);
  ops::add_scaled_(acc, x, 0.5f);
  std::vector<double> ref(xv.size());
  for (size_t i = 0; i < xv.size(); ++i) ref[i] = 1.0 + 0.5 * xv[i];
  test::expect_close(acc, ref);

  Tensor col = ops::sum_to_suffix(x, Shape{7});
  std::vector<double> colsum(7, 0.0);
  for (size_t i = 0; i < xv.size(); ++i) colsum[i % 7] += xv[i];
  test::expect_close(col, colsum);
}

TEST(Elementwise, EmptyTensorsStayEmpty) {
  Tensor x = Tensor::zeros({0, 4}), b = Tensor::zeros({4});
  EXPECT_EQ(ops::add(x, b).shape(), (Shape{0, 4}));
  test::expect_close(ops::sum_to_suffix(x, Shape{4}), std::vector<double>(4, 0.0));
}

}  // namespace
}  // namespace ventris
