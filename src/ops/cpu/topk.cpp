// Top-k over the last dimension: a partial sort of column indices under
// math::topk_before, one row per task. The reference for cuda/ops/topk.cu.
#include <algorithm>
#include <numeric>
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/math/topk.h"

namespace ventris::cpu {

void topk(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices) {
#pragma omp parallel if (rows * cols >= (1 << 15))
  {
    std::vector<int32_t> order(static_cast<size_t>(cols));
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      const float* row = x + r * cols;
      std::iota(order.begin(), order.end(), 0);
      std::partial_sort(order.begin(), order.begin() + k, order.end(),
                        [row](int32_t a, int32_t b) { return math::topk_before(row[a], a, row[b], b); });
      for (int64_t j = 0; j < k; ++j) {
        values[r * k + j] = row[order[j]];
        indices[r * k + j] = order[j];
      }
    }
  }
}

}  // namespace ventris::cpu
