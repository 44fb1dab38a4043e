// Appends one decoding step to a K or V cache, reordering rows for beam
// search on the way: the reference for cuda/ops/decoder_cache.cu.
// out row i = cache row source_rows[i] (its first `positions` vectors, or none
// when cache is null) followed by step row i at position `positions`. Rows are
// [capacity, width] blocks, so both parts are contiguous runs and each is one
// memcpy; out must not alias cache (rows may be gathered in any order).
#include <cstring>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width) {
  const int64_t copied = cache ? positions * width : 0;
// Rows in parallel above 64 Ki floats moved; below that a copy is cheaper than a fork.
#pragma omp parallel for schedule(static) if (rows * (copied + width) >= (1 << 16))
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t from = source_rows ? source_rows[i] : i;
    float* dst = out + i * out_capacity * width;
    if (copied > 0)
      std::memcpy(dst, cache + from * cache_capacity * width, static_cast<size_t>(copied) * sizeof(float));
    std::memcpy(dst + positions * width, step + i * width, static_cast<size_t>(width) * sizeof(float));
  }
}

}  // namespace ventris::cpu
