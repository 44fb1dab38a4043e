// Adam/AdamW over every parameter at once: the reference for cuda/ops/adam.cu.
// The per-element update (moments, bias correction, L2 or AdamW decay) is
// math::adam_update in ops/math/adam.h, shared with the CUDA twin (the same
// bits under the emulator; on a GPU nvcc may fuse its multiply-adds).
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

// One parallel loop over the chunks of every parameter (math/tensor_list.h)
// instead of one loop per tensor: a model's many small tensors (biases, norms)
// no longer each pay a parallel region. Elements are independent, so the bits
// equal a per-tensor update.
void adam_update(float* const* w, const float* const* g, float* const* m, float* const* v,
                 const math::TensorChunks& list, math::AdamStep step) {
// Dynamic: chunks differ in size (a tensor's last chunk is short).
#pragma omp parallel for schedule(dynamic) if (list.chunks > 1)
  for (int64_t c = 0; c < list.chunks; ++c) {
    const math::Chunk chunk = math::chunk_at(list, c);
    float *wt = w[chunk.tensor], *mt = m[chunk.tensor], *vt = v[chunk.tensor];
    const float* gt = g[chunk.tensor];
    // Contiguous within the chunk; w, g, m and v are distinct tensors.
    for (int64_t i = chunk.begin; i < chunk.end; ++i) math::adam_update(wt[i], gt[i], mt[i], vt[i], step);
  }
}

}  // namespace ventris::cpu
