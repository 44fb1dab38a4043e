// Twin of src/ops/cpu/reduce.cpp (sum_dim, expand_dim). sum_dim: one thread per output element,
// summing in index order (double accumulator) — the same order as the CPU.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {
// Thread i makes out[o, c] (o = i / inner, c = i % inner) and walks k = 0..n-1.
// At each k, consecutive threads read consecutive c: coalesced whenever inner
// spans a warp (a bias gradient, [N, D] -> [D]). With inner = 1 (sum_all, via
// the kernel table) a single thread sums everything: slow for large n but
// deterministic, and it is only used for loss-sized inputs.
__global__ void sum_dim_kernel(const float* x, float* out, int64_t outer, int64_t n, int64_t inner) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < outer * inner;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t o = i / inner, c = i % inner;
    double acc = 0;
    for (int64_t k = 0; k < n; ++k) acc += x[(o * n + k) * inner + c];
    out[i] = static_cast<float>(acc);
  }
}
// out[a, k, i] = g[a, i]: one thread per output element, a pure copy.
__global__ void expand_dim_kernel(const float* g, float* out, int64_t outer, int64_t n, int64_t inner) {
  for (int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; j < outer * n * inner;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t a = j / (n * inner), i = j % inner;
    out[j] = g[a * inner + i];
  }
}
}  // namespace

void expand_dim(const float* g, float* out, int64_t outer, int64_t n, int64_t inner, Stream s) {
  if (outer * n * inner == 0) return;
  VENTRIS_LAUNCH(expand_dim_kernel, dim3(kernel_util::blocks_for(outer * n * inner)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), g, out, outer, n, inner);
}

void sum_dim(const float* x, float* out, int64_t outer, int64_t n, int64_t inner, Stream s) {
  if (outer * inner == 0) return;
  VENTRIS_LAUNCH(sum_dim_kernel, dim3(kernel_util::blocks_for(outer * inner)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), x, out, outer, n, inner);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
