#include "ops/activations.h"

#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Activations, ReluGeluGluMatchFormulas) {
  for (int64_t n : test::awkward_sizes()) {
    Tensor x = test::random_tensor({2, n * 2}, static_cast<uint32_t>(n));
    auto xv = x.to_vector<float>();
    std::vector<double> relu(xv.size()), gelu(xv.size());
    for (size_t i = 0; i < xv.size(); ++i) {
      relu[i] = xv[i] > 0 ? xv[i] : 0.0;
      gelu[i] = 0.5 * xv[i] * (1.0 + std::erf(xv[i] / std::sqrt(2.0)));
    }
    test::expect_close(ops::relu(x), relu);
    test::expect_close(ops::gelu(x), gelu, 1e-6, 1e-5);
    std::vector<double> glu(2 * n);
    for (int64_t r = 0; r < 2; ++r)
      for (int64_t i = 0; i < n; ++i) {
        double a = xv[r * 2 * n + i], g = xv[r * 2 * n + n + i];
        glu[r * n + i] = a / (1.0 + std::exp(-g));
      }
    Tensor y = ops::glu(x);
    EXPECT_EQ(y.shape(), (Shape{2, n}));
    test::expect_close(y, glu, 1e-6, 1e-5);
  }
}

TEST(Activations, GluRejectsOddWidth) { EXPECT_THROW(ops::glu(Tensor::zeros({2, 3})), Error); }

}  // namespace
}  // namespace ventris
