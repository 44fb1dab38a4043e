// Batched GEMMs with one row in A (decoding attention) take the loop path in
// core/gemm.cpp: results against a double-precision reference for every
// transpose combination, alpha/beta, and the same bits for any batch count
// and thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/gemm.h"
#include "core/random_values.h"
#include "core/threads.h"

namespace ventris {
namespace {

using test::uniform_values;

TEST(SingleRowGemm, MatchesReferenceForAllTransposes) {
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (auto [n, k] : {std::pair<int64_t, int64_t>{1, 1}, {7, 3}, {33, 64}, {5, 130}}) {
        const int64_t batch = 6, lda = ta ? 1 : k, ldb = tb ? k : n;
        const auto a = uniform_values(batch * k, 1), b = uniform_values(batch * k * n, 2);
        auto c = uniform_values(batch * n, 3);
        const auto c0 = c;
        gemm::sgemm_batched(ta, tb, 1, n, k, 0.5f, a.data(), lda, k, b.data(), ldb, k * n, 2.f, c.data(), n, n, batch);
        for (int64_t i = 0; i < batch; ++i)
          for (int64_t j = 0; j < n; ++j) {
            double ref = 0;
            for (int64_t p = 0; p < k; ++p)
              ref += static_cast<double>(a[i * k + p]) * b[i * k * n + (tb ? j * k + p : p * n + j)];
            ref = 0.5 * ref + 2.0 * c0[i * n + j];
            EXPECT_NEAR(c[i * n + j], ref, 1e-5 * (1 + std::fabs(ref))) << ta << tb << " n=" << n << " k=" << k;
          }
      }
}

TEST(SingleRowGemm, SameBitsForAnyBatchAndThreadCount) {
  const int64_t n = 37, k = 64, batch = 40;
  const auto a = uniform_values(batch * k, 4), b = uniform_values(batch * n * k, 5);
  auto run = [&](int64_t first, int64_t count) {
    std::vector<float> c(count * n);
    gemm::sgemm_batched(false, true, 1, n, k, 1.f, a.data() + first * k, k, k, b.data() + first * n * k, k, n * k,
                        0.f, c.data(), n, n, count);
    return c;
  };
  const int saved = num_threads();
  set_num_threads(1);
  const auto all_one_thread = run(0, batch);
  set_num_threads(2);
  EXPECT_EQ(run(0, batch), all_one_thread);
  const auto part = run(10, 2);
  EXPECT_EQ(part, std::vector<float>(all_one_thread.begin() + 10 * n, all_one_thread.begin() + 12 * n));
  set_num_threads(saved);
}

}  // namespace
}  // namespace ventris
