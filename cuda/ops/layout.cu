// Twin of src/ops/cpu/layout.cpp: permute by output-index arithmetic, and the
// strided block copies behind concat/split. Element size is 1..8 bytes.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Passed by value as a kernel argument (constant memory), no device copy.
struct PermuteArgs {
  int64_t out_dims[5];
  int64_t gather_strides[5];
  int rank;
};

// Byte by byte: any elem_size, no alignment assumed (tensors of every dtype).
__device__ __forceinline__ void copy_elem(const char* src, char* dst, int64_t elem_size) {
  for (int64_t b = 0; b < elem_size; ++b) dst[b] = src[b];
}

// One thread per output element, grid-stride: thread o decodes its output
// index digit by digit (mixed radix over out_dims) into an input offset.
// Writes are coalesced; reads are strided unless the last dim stays last.
__global__ void permute_kernel(const char* x, char* y, PermuteArgs args, int64_t total, int64_t elem_size) {
  for (int64_t o = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; o < total;
       o += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    int64_t rem = o, offset = 0;
    for (int d = args.rank - 1; d >= 0; --d) {
      offset += (rem % args.out_dims[d]) * args.gather_strides[d];
      rem /= args.out_dims[d];
    }
    copy_elem(x + offset * elem_size, y + o * elem_size, elem_size);
  }
}

// dst[o, offset + i] = src[o, i] (copy) or dst[o, i] = src[o, offset + i] (extract).
// One thread per element of the narrower side, row-major, so both the reads
// and the writes of a warp are contiguous runs within a row.
__global__ void block_kernel(const char* src, char* dst, int64_t outer, int64_t inner_src, int64_t inner_dst,
                             int64_t offset, int64_t elem_size, bool extract) {
  const int64_t inner = extract ? inner_dst : inner_src;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < outer * inner;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t o = i / inner, c = i % inner;
    const int64_t s = extract ? o * inner_src + offset + c : o * inner_src + c;
    const int64_t d = extract ? o * inner_dst + c : o * inner_dst + offset + c;
    copy_elem(src + s * elem_size, dst + d * elem_size, elem_size);
  }
}

}  // namespace

// Strides and the output shape are computed on the host, as in the CPU twin,
// and reach the kernel by value in PermuteArgs.
void permute(const void* x, void* y, const int64_t* in_dims, const int* perm, int rank, int64_t elem_size, Stream s) {
  PermuteArgs args{};
  args.rank = rank;
  int64_t in_strides[5] = {1, 1, 1, 1, 1};
  for (int d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_dims[d + 1];
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    args.out_dims[d] = in_dims[perm[d]];
    args.gather_strides[d] = in_strides[perm[d]];
    total *= args.out_dims[d];
  }
  if (total == 0) return;
  VENTRIS_LAUNCH(permute_kernel, dim3(kernel_util::blocks_for(total)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), static_cast<const char*>(x), static_cast<char*>(y), args, total, elem_size);
}

void copy_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                int64_t elem_size, Stream s) {
  if (outer * inner_src == 0) return;
  VENTRIS_LAUNCH(block_kernel, dim3(kernel_util::blocks_for(outer * inner_src)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), static_cast<const char*>(src), static_cast<char*>(dst), outer, inner_src,
                 inner_dst, offset, elem_size, false);
}

void extract_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                   int64_t elem_size, Stream s) {
  if (outer * inner_dst == 0) return;
  VENTRIS_LAUNCH(block_kernel, dim3(kernel_util::blocks_for(outer * inner_dst)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), static_cast<const char*>(src), static_cast<char*>(dst), outer, inner_src,
                 inner_dst, offset, elem_size, true);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
