#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void adam_update(float* w, const float* g, float* m, float* v, int64_t n, math::AdamStep step) {
#pragma omp parallel for schedule(static) if (n >= (1 << 15))
  for (int64_t i = 0; i < n; ++i) math::adam_update(w[i], g[i], m[i], v[i], step);
}

}  // namespace ventris::cpu
