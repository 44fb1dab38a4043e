// gemm::sgemm_batched's contract for every backend (core/gemm.h): all four
// transposes, α and β, leading dimensions wider than the matrix, batch
// strides and a broadcast B, K spanning several of the AVX2 kernel's K-blocks,
// edge tiles in both directions — against a double-precision reference. With
// β = 0, C is never read (NaN there must not leak into the result).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include "core/gemm.h"
#include "core/random_values.h"

namespace ventris {
namespace {

using test::uniform_values;

struct Case {
  int64_t m, n, k, batch;
  float alpha, beta;
  bool broadcast_b;
};

void check_backend(gemm::Backend backend) {
  const gemm::Backend saved = gemm::backend();
  gemm::set_backend(backend);
  const Case cases[] = {{1, 1, 1, 1, 1.f, 0.f, false},     {5, 17, 3, 2, 1.f, 0.f, false},
                        {97, 129, 600, 1, 0.5f, 2.f, false}, {13, 40, 257, 3, -1.f, 0.f, true},
                        {200, 7, 64, 2, 1.f, 1.f, false},    {6, 16, 512, 1, 2.f, -0.5f, true}};
  for (const Case& cs : cases)
    for (bool ta : {false, true})
      for (bool tb : {false, true}) {
        // Leading dimensions 3 wider than needed, so rows are not packed contiguously.
        const int64_t lda = (ta ? cs.m : cs.k) + 3, ldb = (tb ? cs.k : cs.n) + 3, ldc = cs.n + 3;
        const int64_t a_size = (ta ? cs.k : cs.m) * lda, b_size = (tb ? cs.n : cs.k) * ldb, c_size = cs.m * ldc;
        const int64_t stride_b = cs.broadcast_b ? 0 : b_size;
        const auto a = uniform_values(static_cast<size_t>(a_size * cs.batch), 1);
        const auto b = uniform_values(static_cast<size_t>(b_size * cs.batch), 2);
        std::vector<float> c = uniform_values(static_cast<size_t>(c_size * cs.batch), 3);
        if (cs.beta == 0.f) std::fill(c.begin(), c.end(), std::numeric_limits<float>::quiet_NaN());
        const std::vector<float> c0 = c;
        gemm::sgemm_batched(ta, tb, cs.m, cs.n, cs.k, cs.alpha, a.data(), lda, a_size, b.data(), ldb, stride_b, cs.beta,
                            c.data(), ldc, c_size, cs.batch);
        for (int64_t s = 0; s < cs.batch; ++s)
          for (int64_t i = 0; i < cs.m; ++i)
            for (int64_t j = 0; j < ldc; ++j) {
              const size_t at = static_cast<size_t>(s * c_size + i * ldc + j);
              if (j >= cs.n) {  // padding between rows: untouched
                EXPECT_TRUE(c[at] == c0[at] || (std::isnan(c[at]) && std::isnan(c0[at])));
                continue;
              }
              double ref = 0;
              for (int64_t p = 0; p < cs.k; ++p) {
                const double x = a[static_cast<size_t>(s * a_size + (ta ? p * lda + i : i * lda + p))];
                const double y = b[static_cast<size_t>(s * stride_b + (tb ? j * ldb + p : p * ldb + j))];
                ref += x * y;
              }
              ref = cs.alpha * ref + (cs.beta == 0.f ? 0.0 : cs.beta * static_cast<double>(c0[at]));
              ASSERT_NEAR(c[at], ref, 2e-5 * (std::sqrt(static_cast<double>(cs.k)) + std::fabs(ref)))
                  << gemm::backend_name(backend) << " ta=" << ta << " tb=" << tb << " m=" << cs.m << " n=" << cs.n
                  << " k=" << cs.k << " at batch " << s << " (" << i << "," << j << ")";
            }
      }
  gemm::set_backend(saved);
}

TEST(GemmContract, EveryBackendMatchesDoubleReference) {
  for (gemm::Backend backend : gemm::available_backends()) check_backend(backend);
}

TEST(GemmContract, Avx2IsTheDefaultWhereTheCpuHasIt) {
  if (!gemm::avx2_available()) GTEST_SKIP() << "no AVX2 + FMA in this build or CPU";
  if (std::getenv("VENTRIS_GEMM")) GTEST_SKIP() << "VENTRIS_GEMM chooses the backend in this run";
  EXPECT_EQ(gemm::backend(), gemm::Backend::Avx2);
}

}  // namespace
}  // namespace ventris
