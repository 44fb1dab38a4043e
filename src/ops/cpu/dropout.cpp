// Inverted dropout: y = x * (u >= p ? 1/(1-p) : 0), the reference for
// cuda/ops/dropout.cu. The uniform u of element i is a pure function of
// (seed, stream, i) through counter-based Philox 4x32-10 (core/philox.h), so
// the mask is the same on the CPU, under the CUDA emulator and on a GPU, for
// any thread count and without storing a mask for the backward (which redraws
// it). Each dropout call in a forward pass takes its own `stream` (nn/layers.h).
#include "core/philox.h"
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

namespace {
// Counter = (block index, stream) as four 32-bit words; key = the seed.
inline Philox4 block_random(int64_t blk, uint64_t seed, uint64_t stream) {
  Philox4 counter{{static_cast<uint32_t>(blk), static_cast<uint32_t>(static_cast<uint64_t>(blk) >> 32),
                   static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)}};
  return philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}
}  // namespace

void dropout(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream) {
  const float keep_scale = 1.f / (1.f - p);
  // Element i uses word i%4 of Philox block i/4. Full blocks have no
  // per-element branch, so the compiler vectorizes Philox across blocks.
  const int64_t full = n / 4;
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t blk = 0; blk < full; ++blk) {
    const Philox4 r = block_random(blk, seed, stream);
    for (int k = 0; k < 4; ++k) {
      const int64_t i = blk * 4 + k;
      y[i] = x[i] * (philox_uniform(r.v[k]) >= p ? keep_scale : 0.f);
    }
  }
  // The tail (n % 4 elements) takes words of one last block.
  if (full * 4 < n) {
    const Philox4 r = block_random(full, seed, stream);
    for (int64_t i = full * 4; i < n; ++i) y[i] = x[i] * (philox_uniform(r.v[i & 3]) >= p ? keep_scale : 0.f);
  }
}

}  // namespace ventris::cpu
