#include "ops/matmul.h"

#include "core/gemm.h"
#include "op_test_util.h"

namespace ventris {
namespace {

using test::random_tensor;

// Reference: C[m,n] = sum_k op(A)[m,k] op(B)[k,n] in double.
std::vector<double> naive(const Tensor& a, const Tensor& b, int64_t batch, int64_t m, int64_t n, int64_t k, bool ta,
                          bool tb) {
  auto av = a.to_vector<float>(), bv = b.to_vector<float>();
  const bool b_shared = b.rank() == 2;
  std::vector<double> c(batch * m * n, 0.0);
  for (int64_t s = 0; s < batch; ++s)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t p = 0; p < k; ++p) {
          double x = ta ? av[s * m * k + p * m + i] : av[s * m * k + i * k + p];
          int64_t boff = b_shared ? 0 : s * k * n;
          double y = tb ? bv[boff + j * k + p] : bv[boff + p * n + j];
          acc += x * y;
        }
        c[(s * m + i) * n + j] = acc;
      }
  return c;
}

class MatmulBackends : public ::testing::TestWithParam<gemm::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == gemm::Backend::OneDNN && !gemm::onednn_available()) GTEST_SKIP() << "oneDNN not built in";
    if (GetParam() == gemm::Backend::Avx2 && !gemm::avx2_available()) GTEST_SKIP() << "no AVX2 + FMA here";
    saved_ = gemm::backend();
    gemm::set_backend(GetParam());
  }
  void TearDown() override { gemm::set_backend(saved_); }
  gemm::Backend saved_ = gemm::Backend::OpenBLAS;
};

TEST_P(MatmulBackends, LinearFormAllTransposesAwkwardSizes) {
  uint32_t seed = 1;
  for (int64_t m : {1, 7, 33}) {
    for (int64_t k : {1, 7, 513}) {
      for (int64_t n : {1, 33}) {
        for (bool tb : {false, true}) {
          Tensor a = random_tensor({m, k}, seed++);
          Tensor b = random_tensor(tb ? Shape{n, k} : Shape{k, n}, seed++);
          Tensor c = ops::matmul(a, b, false, tb);
          EXPECT_EQ(c.shape(), (Shape{m, n}));
          test::expect_close(c, naive(a, b, 1, m, n, k, false, tb), 1e-4, 1e-4);
        }
        Tensor at = random_tensor({k, m}, seed++);
        Tensor b = random_tensor({k, n}, seed++);
        test::expect_close(ops::matmul(at, b, true, false), naive(at, b, 1, m, n, k, true, false), 1e-4, 1e-4);
      }
    }
  }
}

TEST_P(MatmulBackends, LeadingDimsFlattenInLinearForm) {
  Tensor x = random_tensor({2, 3, 5}, 7);
  Tensor w = random_tensor({4, 5}, 8);  // [out, in] like a Linear weight
  Tensor y = ops::matmul(x, w, false, true);
  EXPECT_EQ(y.shape(), (Shape{2, 3, 4}));
  test::expect_close(y, naive(x.reshape({6, 5}), w, 1, 6, 4, 5, false, true), 1e-5, 1e-5);
}

TEST_P(MatmulBackends, BatchedWithTransposes) {
  uint32_t seed = 100;
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      const int64_t batch = 6, m = 7, n = 33, k = 13;
      Tensor a = random_tensor(ta ? Shape{2, 3, k, m} : Shape{2, 3, m, k}, seed++);
      Tensor b = random_tensor(tb ? Shape{2, 3, n, k} : Shape{2, 3, k, n}, seed++);
      Tensor c = ops::matmul(a, b, ta, tb);
      EXPECT_EQ(c.shape(), (Shape{2, 3, m, n}));
      test::expect_close(c, naive(a, b, batch, m, n, k, ta, tb), 1e-4, 1e-4);
    }
}

TEST_P(MatmulBackends, MatmulIntoAccumulatesWithAlphaBeta) {
  Tensor a = random_tensor({5, 6}, 1), b = random_tensor({6, 4}, 2);
  Tensor out = random_tensor({5, 4}, 3);
  auto before = out.to_vector<float>();
  ops::matmul_into(out, a, b, false, false, 0.5f, 2.f);
  auto ref = naive(a, b, 1, 5, 4, 6, false, false);
  for (size_t i = 0; i < ref.size(); ++i) ref[i] = 0.5 * ref[i] + 2.0 * before[i];
  test::expect_close(out, ref, 1e-4, 1e-4);
}

TEST_P(MatmulBackends, EmptyInnerDimGivesZeros) {
  Tensor a = Tensor::zeros({3, 0}), b = Tensor::zeros({0, 2});
  Tensor c = ops::matmul(a, b);
  test::expect_close(c, std::vector<double>(6, 0.0));
}

INSTANTIATE_TEST_SUITE_P(Gemm, MatmulBackends,
                         ::testing::Values(gemm::Backend::OpenBLAS, gemm::Backend::OneDNN, gemm::Backend::Avx2),
                         [](const auto& info) { return std::string(gemm::backend_name(info.param)); });

TEST(Matmul, RejectsShapesThatDoNotChain) {
  EXPECT_THROW(ops::matmul(Tensor::zeros({2, 3}), Tensor::zeros({4, 5})), Error);
  EXPECT_THROW(ops::matmul(Tensor::zeros({2, 2, 3}), Tensor::zeros({3, 2, 3})), Error);
}

}  // namespace
}  // namespace ventris
