// Twin of src/ops/cpu/elementwise.cpp.
//
// All three kernels are grid-stride loops with one element per thread per
// iteration; consecutive threads touch consecutive floats, so loads and stores
// coalesce. Each output depends on its own inputs only (no reduction), so the
// grid never changes a result. The bits equal the CPU's, except that nvcc may
// contract add_scaled's multiply-add into one FMA (a single rounding).
#include "ops/kernel_common.cuh"
#include "ops/cuda_kernels.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// The op is uniform across the launch, so the select below does not diverge.
// A broadcast operand is a suffix of the output: index i % na re-reads it, and
// it stays in cache.
__global__ void binary_kernel(BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out,
                              int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    // The smaller operand repeats (broadcast over leading dims).
    const float x = a[na < n ? i % na : i], y = b[nb < n ? i % nb : i];
    out[i] = op == BinaryOp::Add ? x + y : op == BinaryOp::Sub ? x - y : x * y;
  }
}

__global__ void scale_kernel(const float* x, float factor, float* out, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    out[i] = x[i] * factor;
}

__global__ void add_scaled_kernel(float* dst, const float* src, float factor, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    dst[i] += factor * src[i];
}

}  // namespace

using kernel_util::blocks_for;
using kernel_util::kThreads;

void binary(BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(binary_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), op, a, na, b, nb, out, n);
}

void scale(const float* x, float factor, float* out, int64_t n, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(scale_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), x, factor, out, n);
}

void add_scaled(float* dst, const float* src, float factor, int64_t n, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(add_scaled_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), dst, src, factor, n);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
