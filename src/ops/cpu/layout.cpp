// Layout kernels: permute (rank <= 5), and the block copies behind concat and
// split: the reference for cuda/ops/layout.cu. They move bytes only (any
// elem_size), so they are exact; parallel over output rows, each written by
// one thread.
#include <cstring>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void permute(const void* x, void* y, const int64_t* in_dims, const int* perm, int rank, int64_t elem_size) {
  // Input strides, then walk the output in order and gather from the input:
  // writes are sequential; reads are strided unless the last dim stays last.
  int64_t in_strides[5] = {1, 1, 1, 1, 1};
  for (int d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_dims[d + 1];
  int64_t out_dims[5], gather_strides[5];
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    out_dims[d] = in_dims[perm[d]];
    gather_strides[d] = in_strides[perm[d]];
    total *= out_dims[d];
  }
  if (total == 0) return;
  // The innermost output dim is copied as a run when it is also innermost in the input.
  const int64_t inner = rank ? out_dims[rank - 1] : 1;
  const bool contiguous_inner = rank == 0 || gather_strides[rank - 1] == 1;
  const int64_t outer = total / inner;
  const char* src = static_cast<const char*>(x);
  char* dst = static_cast<char*>(y);
#pragma omp parallel for schedule(static) if (total >= (1 << 15))
  for (int64_t o = 0; o < outer; ++o) {
    // Output row o -> input offset, decoding o digit by digit (mixed radix).
    int64_t rem = o, offset = 0;
    for (int d = rank - 2; d >= 0; --d) {
      offset += (rem % out_dims[d]) * gather_strides[d];
      rem /= out_dims[d];
    }
    char* out_row = dst + o * inner * elem_size;
    if (contiguous_inner) {
      std::memcpy(out_row, src + offset * elem_size, inner * elem_size);
    } else {
      const int64_t step = rank ? gather_strides[rank - 1] : 1;
      for (int64_t i = 0; i < inner; ++i)
        std::memcpy(out_row + i * elem_size, src + (offset + i * step) * elem_size, elem_size);
    }
  }
}

// concat: src [outer, inner_src] goes to columns [offset, offset + inner_src) of
// dst [outer, inner_dst]; one memcpy per row.
void copy_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                int64_t elem_size) {
  const char* s = static_cast<const char*>(src);
  char* d = static_cast<char*>(dst);
#pragma omp parallel for schedule(static) if (outer * inner_src >= (1 << 15))
  for (int64_t o = 0; o < outer; ++o)
    std::memcpy(d + (o * inner_dst + offset) * elem_size, s + o * inner_src * elem_size, inner_src * elem_size);
}

void extract_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst,
                   int64_t offset, int64_t elem_size) {
  // src is [outer, inner_src]; dst gets columns [offset, offset + inner_dst).
  const char* s = static_cast<const char*>(src);
  char* d = static_cast<char*>(dst);
#pragma omp parallel for schedule(static) if (outer * inner_dst >= (1 << 15))
  for (int64_t o = 0; o < outer; ++o)
    std::memcpy(d + o * inner_dst * elem_size, s + (o * inner_src + offset) * elem_size, inner_dst * elem_size);
}

}  // namespace ventris::cpu
