#include "ops/layer_norm.h"

#include "op_test_util.h"

namespace ventris {
namespace {

TEST(LayerNorm, MatchesDoublePrecisionReference) {
  for (int64_t d : test::awkward_sizes()) {
    const int64_t rows = 5;
    Tensor x = test::random_tensor({rows, d}, static_cast<uint32_t>(d), -3.f, 5.f);
    Tensor gamma = test::random_tensor({d}, 2), beta = test::random_tensor({d}, 3);
    auto out = ops::layer_norm(x, gamma, beta, 1e-5f);
    auto xv = x.to_vector<float>(), g = gamma.to_vector<float>(), b = beta.to_vector<float>();
    std::vector<double> ref;
    for (int64_t r = 0; r < rows; ++r) {
      double m = 0, v = 0;
      for (int64_t j = 0; j < d; ++j) m += xv[r * d + j];
      m /= d;
      for (int64_t j = 0; j < d; ++j) v += (xv[r * d + j] - m) * (xv[r * d + j] - m);
      v /= d;
      for (int64_t j = 0; j < d; ++j) ref.push_back((xv[r * d + j] - m) / std::sqrt(v + 1e-5) * g[j] + b[j]);
    }
    test::expect_close(out.y, ref, 1e-4, 1e-4);
    EXPECT_EQ(out.mean.shape(), (Shape{rows}));
  }
}

TEST(LayerNorm, ConstantRowIsFiniteAndEqualsBeta) {
  Tensor x = Tensor::full({2, 8}, 3.f);
  Tensor gamma = Tensor::full({8}, 2.f), beta = test::random_tensor({8}, 4);
  auto out = ops::layer_norm(x, gamma, beta);
  auto b = beta.to_vector<float>();
  std::vector<double> ref;
  for (int r = 0; r < 2; ++r) ref.insert(ref.end(), b.begin(), b.end());
  test::expect_close(out.y, ref);
}

TEST(LayerNorm, RejectsWrongGammaShape) {
  EXPECT_THROW(ops::layer_norm(Tensor::zeros({2, 4}), Tensor::zeros({3}), Tensor::zeros({4})), Error);
}

}  // namespace
}  // namespace ventris
