// Twin of src/ops/cpu/activations.cpp; the formulas are shared (ops/math/activations.h).
//
// Every kernel is element-wise: a grid-stride loop, one element per thread
// per iteration, consecutive threads on consecutive elements (coalesced loads
// and stores). Nothing is reduced, so the results equal the CPU's bit for bit
// wherever the shared formula compiles to the same operations.
#include "ops/kernel_common.cuh"
#include "ops/cuda_kernels.h"
#include "ops/math/activations.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

#define VENTRIS_GRID_STRIDE(i, n)                                                     \
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < (n); \
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)

__global__ void relu_kernel(const float* x, float* y, int64_t n) { VENTRIS_GRID_STRIDE(i, n) y[i] = math::relu(x[i]); }
__global__ void relu_backward_kernel(const float* gy, const float* y, float* gx, int64_t n) {
  VENTRIS_GRID_STRIDE(i, n) gx[i] = y[i] > 0.f ? gy[i] : 0.f;
}
__global__ void gelu_kernel(const float* x, float* y, int64_t n) { VENTRIS_GRID_STRIDE(i, n) y[i] = math::gelu(x[i]); }
__global__ void gelu_backward_kernel(const float* gy, const float* x, float* gx, int64_t n) {
  VENTRIS_GRID_STRIDE(i, n) gx[i] = gy[i] * math::gelu_grad(x[i]);
}
// GLU: thread i makes y[r, c] (r = i / half, c = i % half) from a = x[r, c]
// and g = x[r, half + c]; a warp reads two coalesced runs per row.
__global__ void glu_kernel(const float* x, float* y, int64_t rows, int64_t half) {
  VENTRIS_GRID_STRIDE(i, rows * half) {
    const int64_t r = i / half, c = i % half;
    y[i] = x[r * 2 * half + c] * math::sigmoid(x[r * 2 * half + half + c]);
  }
}
// Each thread writes both halves of grad_x for its (r, c); sigmoid recomputed.
__global__ void glu_backward_kernel(const float* gy, const float* x, float* gx, int64_t rows, int64_t half) {
  VENTRIS_GRID_STRIDE(i, rows * half) {
    const int64_t r = i / half, c = i % half;
    const float a = x[r * 2 * half + c], sig = math::sigmoid(x[r * 2 * half + half + c]);
    gx[r * 2 * half + c] = gy[i] * sig;
    gx[r * 2 * half + half + c] = gy[i] * a * sig * (1.f - sig);
  }
}

#undef VENTRIS_GRID_STRIDE

}  // namespace

using kernel_util::blocks_for;
using kernel_util::kThreads;

// Launchers: blocks_for(n) blocks of kThreads; n = 0 launches nothing (a
// zero-block launch is an error in CUDA).

void relu(const float* x, float* y, int64_t n, Stream s) {
  if (n) VENTRIS_LAUNCH(relu_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), x, y, n);
}
void relu_backward(const float* gy, const float* y, float* gx, int64_t n, Stream s) {
  if (n) VENTRIS_LAUNCH(relu_backward_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), gy, y, gx, n);
}
void gelu(const float* x, float* y, int64_t n, Stream s) {
  if (n) VENTRIS_LAUNCH(gelu_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), x, y, n);
}
void gelu_backward(const float* gy, const float* x, float* gx, int64_t n, Stream s) {
  if (n) VENTRIS_LAUNCH(gelu_backward_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), gy, x, gx, n);
}
void glu(const float* x, float* y, int64_t rows, int64_t half, Stream s) {
  const int64_t n = rows * half;
  if (n) VENTRIS_LAUNCH(glu_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), x, y, rows, half);
}
void glu_backward(const float* gy, const float* x, float* gx, int64_t rows, int64_t half, Stream s) {
  const int64_t n = rows * half;
  if (n)
    VENTRIS_LAUNCH(glu_backward_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), gy, x, gx, rows,
                   half);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
