// Twin of src/ops/cpu/adam.cpp: one launch updates every parameter. Each block
// takes chunks of the tensor list (math/tensor_list.h) and its threads stride
// through the chunk; the element update is the CPU's (math/adam.h).
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {
// Block b takes chunks b, b + gridDim.x, ...; within a chunk thread t updates
// elements begin + t, begin + t + blockDim.x, ... (coalesced). Elements are
// independent and math::adam_update is the CPU's, so the grid never changes a
// result: the CPU's bits under the emulator; on a GPU nvcc may fuse the
// update's multiply-adds (FMA), equal to rounding (tests/gpu says so too).
__global__ void adam_kernel(float* const* w, const float* const* g, float* const* m, float* const* v,
                            math::TensorChunks list, math::AdamStep step) {
  for (int64_t c = blockIdx.x; c < list.chunks; c += gridDim.x) {
    const math::Chunk chunk = math::chunk_at(list, c);
    float *wt = w[chunk.tensor], *mt = m[chunk.tensor], *vt = v[chunk.tensor];
    const float* gt = g[chunk.tensor];
    for (int64_t i = chunk.begin + threadIdx.x; i < chunk.end; i += blockDim.x)
      math::adam_update(wt[i], gt[i], mt[i], vt[i], step);
  }
}
}  // namespace

void adam_update(float* const* w, const float* const* g, float* const* m, float* const* v,
                 const math::TensorChunks& list, math::AdamStep step, Stream s) {
  if (list.chunks == 0) return;
  // One block per chunk, up to blocks_for's cap of 4096.
  VENTRIS_LAUNCH(adam_kernel, dim3(kernel_util::blocks_for(list.chunks, 1)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), w, g, m, v, list, step);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
