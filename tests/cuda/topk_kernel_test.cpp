// The CUDA top-k kernel, run through the CPU emulator, against its CPU twin:
// the same columns and value bits at vocabulary-like widths, on rows full of
// ties, -inf and NaN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/cuda_kernels.h"

namespace ventris {
namespace {

namespace gpu = emulated_kernels;

// Row 0: distinct values. Row 1: few distinct values (many ties). Row 2: ties
// plus -inf and NaN sprinkled in. Row 3: all -inf. Row 4: all equal.
std::vector<float> awkward_rows(int64_t cols, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-10.f, 10.f);
  std::vector<float> x(static_cast<size_t>(5 * cols));
  for (int64_t j = 0; j < cols; ++j) {
    x[j] = d(rng);
    x[cols + j] = std::round(d(rng) / 4.f);
    const float r = d(rng);
    x[2 * cols + j] = r > 8.f ? -INFINITY : r < -9.f ? NAN : std::round(r);
    x[3 * cols + j] = -INFINITY;
    x[4 * cols + j] = 0.5f;
  }
  return x;
}

TEST(TopkKernelEmulated, MatchesCpuBitForBitIncludingTiesInfAndNan) {
  for (int64_t cols : {1, 7, 33, 513, 4096, 40000}) {
    const auto x = awkward_rows(cols, static_cast<uint32_t>(cols));
    const int64_t rows = 5;
    for (int64_t want : {1, 5, 10, 40000}) {
      const int64_t k = std::min(want, cols);
      if (want == 40000 && cols > 33) continue;  // full sorts (k = cols) only where the emulator is quick
      std::vector<float> cv(rows * k), gv(rows * k, -1.f);
      std::vector<int32_t> ci(rows * k), gi(rows * k, -1);
      cpu::topk(x.data(), rows, cols, k, cv.data(), ci.data());
      gpu::topk(x.data(), rows, cols, k, gv.data(), gi.data(), nullptr);
      EXPECT_EQ(gi, ci) << "cols=" << cols << " k=" << k;
      EXPECT_EQ(0, std::memcmp(gv.data(), cv.data(), cv.size() * sizeof(float))) << "cols=" << cols << " k=" << k;
      // Ties come in increasing column order: the all-equal row yields 0, 1, 2, ...
      for (int64_t j = 0; j < k; ++j) ASSERT_EQ(ci[4 * k + j], j);
      for (int64_t j = 0; j < k; ++j) ASSERT_EQ(ci[3 * k + j], j);
    }
  }
}

}  // namespace
}  // namespace ventris
