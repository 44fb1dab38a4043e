// Twin of src/ops/cpu/adam.cpp.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {
__global__ void adam_kernel(float* w, const float* g, float* m, float* v, int64_t n, math::AdamStep step) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    math::adam_update(w[i], g[i], m[i], v[i], step);
}
}  // namespace

void adam_update(float* w, const float* g, float* m, float* v, int64_t n, math::AdamStep step, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(adam_kernel, dim3(kernel_util::blocks_for(n)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), w,
                 g, m, v, n, step);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
