#include "core/philox.h"
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void dropout(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream) {
  const float keep_scale = 1.f / (1.f - p);
  // Blocks of four share one Philox call; each thread handles whole blocks.
  const int64_t blocks = (n + 3) / 4;
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t blk = 0; blk < blocks; ++blk) {
    Philox4 counter{{static_cast<uint32_t>(blk), static_cast<uint32_t>(static_cast<uint64_t>(blk) >> 32),
                     static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)}};
    Philox4 r = philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
    for (int k = 0; k < 4; ++k) {
      int64_t i = blk * 4 + k;
      if (i >= n) break;
      y[i] = philox_uniform(r.v[k]) >= p ? x[i] * keep_scale : 0.f;
    }
  }
}

}  // namespace ventris::cpu
