// Twin of src/ops/cpu/embedding.cpp.
//
// Lookup: a grid-stride gather, one output float per thread (row i / dim,
// column i % dim), so a warp reads a contiguous run of one weight row.
// Backward: a deterministic scatter-add without atomics (below).
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

__device__ __forceinline__ int64_t id_at(const void* ids, bool ids32, int64_t i) {
  return ids32 ? static_cast<const int32_t*>(ids)[i] : static_cast<const int64_t*>(ids)[i];
}

__global__ void embedding_kernel(const float* weight, int64_t dim, const void* ids, bool ids32, int64_t n,
                                 float* out) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n * dim;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    out[i] = weight[id_at(ids, ids32, i / dim) * dim + i % dim];
}

__global__ void zero_kernel(float* x, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    x[i] = 0.f;
}

// One thread per column walks every id in order: no atomics, the same sums
// as the CPU in the same order. A warp covers 32 adjacent columns, so each
// step reads and updates contiguous runs; the price is that only `dim`
// threads work (blocks of 128), each looping over all n ids.
__global__ void embedding_backward_kernel(const float* grad, const void* ids, bool ids32, int64_t n, int64_t dim,
                                          int64_t padding_idx, float* grad_weight) {
  for (int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; j < dim;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    for (int64_t i = 0; i < n; ++i) {
      const int64_t id = id_at(ids, ids32, i);
      if (id != padding_idx) grad_weight[id * dim + j] += grad[i * dim + j];
    }
  }
}

}  // namespace

void embedding(const float* weight, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n, float* out,
               Stream s) {
  if (n * dim == 0) return;
  VENTRIS_LAUNCH(embedding_kernel, dim3(kernel_util::blocks_for(n * dim)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), weight, dim, ids, ids32, n, out);
}

void embedding_backward(const float* grad, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                        int64_t padding_idx, float* grad_weight, Stream s) {
  if (vocab * dim == 0) return;
  // The gradient is a sum over ids, so it starts from zero (ids not seen stay 0).
  VENTRIS_LAUNCH(zero_kernel, dim3(kernel_util::blocks_for(vocab * dim)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), grad_weight, vocab * dim);
  if (n == 0) return;
  VENTRIS_LAUNCH(embedding_backward_kernel, dim3(kernel_util::blocks_for(dim, 128)), dim3(128), 0, VENTRIS_STREAM(s),
                 grad, ids, ids32, n, dim, padding_idx, grad_weight);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
