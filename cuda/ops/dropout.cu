// Twin of src/ops/cpu/dropout.cpp: the same Philox stream (core/philox.h), so
// the GPU drops exactly the elements the CPU drops.
#include "core/philox.h"
#include "ops/kernel_common.cuh"
#include "ops/cuda_kernels.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Grid-stride over groups of four elements: thread t draws Philox block g
// (counter = g and the stream id, key = the seed) and applies its four words to
// elements 4g .. 4g + 3, the mapping of the CPU twin, so the mask does not
// depend on the grid. Elements are independent: no reduction.
__global__ void dropout_kernel(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream_id) {
  const float keep_scale = 1.f / (1.f - p);
  const int64_t blocks4 = (n + 3) / 4;
  // Each thread handles whole groups of four: one Philox call per group.
  for (int64_t blk = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; blk < blocks4;
       blk += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    Philox4 counter{{static_cast<uint32_t>(blk), static_cast<uint32_t>(static_cast<uint64_t>(blk) >> 32),
                     static_cast<uint32_t>(stream_id), static_cast<uint32_t>(stream_id >> 32)}};
    Philox4 r = philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
    for (int k = 0; k < 4; ++k) {
      const int64_t i = blk * 4 + k;
      if (i < n) y[i] = x[i] * (philox_uniform(r.v[k]) >= p ? keep_scale : 0.f);
    }
  }
}

}  // namespace

void dropout(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream_id, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(dropout_kernel, dim3(kernel_util::blocks_for((n + 3) / 4)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), x, y, n, p, seed, stream_id);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
