#include <cstring>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t width) {
  const int64_t old_row = positions * width, new_row = (positions + 1) * width;
#pragma omp parallel for schedule(static) if (rows * new_row >= (1 << 16))
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t from = source_rows ? source_rows[i] : i;
    float* dst = out + i * new_row;
    if (old_row > 0) std::memcpy(dst, cache + from * old_row, static_cast<size_t>(old_row) * sizeof(float));
    std::memcpy(dst + old_row, step + i * width, static_cast<size_t>(width) * sizeof(float));
  }
}

}  // namespace ventris::cpu
