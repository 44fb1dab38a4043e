// Twin of src/ops/cpu/decoder_cache.cpp: a grid-stride copy over the
// positions written (the old ones unless they are already in place, then the
// step), each element from its source row's cache position or the step's row.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Thread-to-data mapping: element e of the `rows * written` values to write,
// row-major (row i = e / written), so consecutive threads copy consecutive
// floats of one row's old positions, then of its step vector: reads and
// writes are coalesced runs, the gather happens per row. A plain copy, so the
// bits equal the CPU's.
__global__ void cache_append_kernel(const float* cache, const int32_t* source_rows, const float* step, float* out,
                                    int64_t rows, int64_t positions, int64_t cache_capacity, int64_t out_capacity,
                                    int64_t width) {
  const int64_t copied = cache ? positions * width : 0;  // elements of old positions per row
  const int64_t written = copied + width, total = rows * written;
  for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < total;
       e += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t i = e / written, within = e % written;
    float* dst = out + i * out_capacity * width;
    if (within < copied) {
      const int64_t from = source_rows ? source_rows[i] : i;
      dst[within] = cache[from * cache_capacity * width + within];
    } else {
      dst[positions * width + (within - copied)] = step[i * width + (within - copied)];
    }
  }
}

}  // namespace

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width, Stream s) {
  const int64_t total = rows * ((cache ? positions : 0) + 1) * width;
  if (total == 0) return;
  VENTRIS_LAUNCH(cache_append_kernel, dim3(kernel_util::blocks_for(total)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), cache, source_rows, step, out, rows, positions, cache_capacity, out_capacity,
                 width);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
