// GEMM results at 1 and 2 threads, through ops::matmul, for every backend:
// the AVX2 kernel sums in a fixed order by construction; for the libraries
// core/gemm.cpp runs fixed blocks single-threaded, so the thread count only
// decides who computes a block (left alone, oneDNN 2.6's AVX2 kernels and
// OpenBLAS 0.3.21 both change the summation order with it).
#include "core/gemm.h"
#include "core/threads.h"
#include "op_test_util.h"
#include "ops/matmul.h"

namespace ventris {
namespace {

TEST(MatmulDeterminism, SameBitsAtOneAndTwoThreadsForEveryBackend) {
  const gemm::Backend saved = gemm::backend();
  const int saved_threads = num_threads();
  for (auto backend : gemm::available_backends()) {
    gemm::set_backend(backend);
    for (auto [m, n, k] : {std::tuple{7, 33, 513}, {256, 512, 512}, {64, 1000, 256}, {1024, 64, 2048}}) {
      Tensor a = test::random_tensor({m, k}, 1), b = test::random_tensor({n, k}, 2);
      set_num_threads(1);
      auto one = ops::matmul(a, b, false, true).to_vector<float>();
      set_num_threads(2);
      auto two = ops::matmul(a, b, false, true).to_vector<float>();
      auto again = ops::matmul(a, b, false, true).to_vector<float>();
      EXPECT_EQ(two, again) << "run-to-run m=" << m << " n=" << n << " k=" << k;
      EXPECT_EQ(one, two) << gemm::backend_name(backend) << " m=" << m << " n=" << n << " k=" << k;
    }
  }
  gemm::set_backend(saved);
  set_num_threads(saved_threads);
}

}  // namespace
}  // namespace ventris
