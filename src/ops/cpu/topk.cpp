// Top-k over the last dimension under math::topk_before, one row per task.
// The reference for cuda/ops/topk.cu.
//
// One scan per row keeps the best k seen so far, sorted. Columns come in
// increasing order, so a new column beats the current k-th only with a
// strictly larger value (equal values go to the lower column) — for most of
// a vocabulary row that is one comparison. (A partial sort of 8000 column
// indices per row cost more than the rest of a tiny model's decoding step.)
#include <cmath>
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/math/topk.h"

namespace ventris::cpu {

void topk(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices) {
  if (k <= 0) return;
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 15))
  // Rows are independent and the order is total (NaN last, ties to the lower
  // column), so the result is the same for any thread count and on the GPU.
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = x + r * cols;
    float* best_v = values + r * k;
    int32_t* best_c = indices + r * k;
    int64_t filled = 0;
    for (int64_t c = 0; c < cols; ++c) {
      const float v = row[c];
      if (filled == k) {
        const float worst = best_v[k - 1];
        // Ranks before the k-th: a number above it (or above a NaN k-th).
        if (std::isnan(v) || !(std::isnan(worst) || v > worst)) continue;
      }
      // Insert in order; entries it ranks before move down one place.
      int64_t at = filled < k ? filled : k - 1;
      while (at > 0 && math::topk_before(v, c, best_v[at - 1], best_c[at - 1])) {
        best_v[at] = best_v[at - 1];
        best_c[at] = best_c[at - 1];
        --at;
      }
      best_v[at] = v;
      best_c[at] = static_cast<int32_t>(c);
      if (filled < k) ++filled;
    }
  }
}

}  // namespace ventris::cpu
