#include <cstring>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width) {
  const int64_t copied = cache ? positions * width : 0;
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
