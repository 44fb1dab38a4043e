// Twin of src/ops/cpu/clip_norm.cpp. sum_squares: one block of
// kSumSquaresLanes threads per chunk, each thread one lane of the order in
// math/clip_norm.h, folded as a tree in shared memory; then one thread adds the
// chunk partials in order. Same bits as the CPU, no atomics.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/clip_norm.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

constexpr int kLanes = math::kSumSquaresLanes;

// Block b takes chunks b, b + gridDim.x, ...; thread t is lane t: it adds the
// squares of elements begin + t, begin + t + kLanes, ... in double (coalesced
// across the block), then the lanes fold pairwise in shared memory, halving
// the stride each round, exactly as chunk_sum_squares in the CPU twin.
__global__ void chunk_sum_squares_kernel(const float* const* x, math::TensorChunks list, double* partials) {
  __shared__ double lanes[kLanes];
  for (int64_t c = blockIdx.x; c < list.chunks; c += gridDim.x) {
    const math::Chunk chunk = math::chunk_at(list, c);
    double acc = 0;
    for (int64_t i = chunk.begin + threadIdx.x; i < chunk.end; i += kLanes) {
      const double v = x[chunk.tensor][i];
      acc += v * v;
    }
    lanes[threadIdx.x] = acc;
    __syncthreads();
    for (int stride = kLanes / 2; stride > 0; stride /= 2) {
      if (static_cast<int>(threadIdx.x) < stride) lanes[threadIdx.x] += lanes[threadIdx.x + stride];
      __syncthreads();
    }
    if (threadIdx.x == 0) partials[c] = lanes[0];
    __syncthreads();  // `lanes` is reused for the block's next chunk
  }
}

// One thread, chunk order: the CPU's order. There is one partial per 65536
// elements, so even a large model has only a few thousand to add.
__global__ void add_partials_kernel(const double* partials, int64_t n, double* total) {
  double sum = 0;
  for (int64_t c = 0; c < n; ++c) sum += partials[c];
  total[0] = sum;
}

// The coefficient is computed from the device-resident sum by every thread, so
// clipping needs no round trip to the host.
__global__ void clip_scale_kernel(float* const* x, math::TensorChunks list, const double* sum_squares,
                                  double max_norm) {
  const float coef = math::clip_coefficient(sum_squares[0], max_norm);
  if (coef == 1.f) return;
  for (int64_t c = blockIdx.x; c < list.chunks; c += gridDim.x) {
    const math::Chunk chunk = math::chunk_at(list, c);
    for (int64_t i = chunk.begin + threadIdx.x; i < chunk.end; i += blockDim.x) x[chunk.tensor][i] *= coef;
  }
}

}  // namespace

void sum_squares(const float* const* x, const math::TensorChunks& list, double* partials, double* total, Stream s) {
  // Blocks of exactly kLanes threads: the lane count is part of the order.
  if (list.chunks > 0)
    VENTRIS_LAUNCH(chunk_sum_squares_kernel, dim3(kernel_util::blocks_for(list.chunks, 1)), dim3(kLanes), 0,
                   VENTRIS_STREAM(s), x, list, partials);
  VENTRIS_LAUNCH(add_partials_kernel, dim3(1), dim3(1), 0, VENTRIS_STREAM(s), partials, list.chunks, total);
}

void clip_scale(float* const* x, const math::TensorChunks& list, const double* sum_squares, double max_norm,
                Stream s) {
  // max_norm <= 0 (or NaN) means clipping is off.
  if (list.chunks == 0 || !(max_norm > 0)) return;
  VENTRIS_LAUNCH(clip_scale_kernel, dim3(kernel_util::blocks_for(list.chunks, 1)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), x, list, sum_squares, max_norm);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
