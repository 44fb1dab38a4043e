// Twin of src/ops/cpu/decoder_cache.cpp: a grid-stride copy, each output
// element from its source row's cache position or from the step's row.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

__global__ void cache_append_kernel(const float* cache, const int32_t* source_rows, const float* step, float* out,
                                    int64_t rows, int64_t positions, int64_t width) {
  const int64_t new_row = (positions + 1) * width, total = rows * new_row;
  for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < total;
       e += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t i = e / new_row, within = e % new_row;
    if (within < positions * width) {
      const int64_t from = source_rows ? source_rows[i] : i;
      out[e] = cache[from * positions * width + within];
    } else {
      out[e] = step[i * width + (within - positions * width)];
    }
  }
}

}  // namespace

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t width, Stream s) {
  const int64_t total = rows * (positions + 1) * width;
  if (total == 0) return;
  VENTRIS_LAUNCH(cache_append_kernel, dim3(kernel_util::blocks_for(total)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), cache, source_rows, step, out, rows, positions, width);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
