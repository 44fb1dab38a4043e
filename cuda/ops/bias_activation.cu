// Twin of src/ops/cpu/bias_activation.cpp: each thread takes whole groups of
// four elements, one Philox block per group, the formulas from
// ops/math/bias_activation.h.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/bias_activation.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Thread-to-data mapping: a grid-stride loop over groups of four elements
// (group g = elements 4g .. 4g + 3 of the flattened [rows, cols] tensor), so
// one Philox call serves four elements, as on the CPU, and the mask is that of
// ops::dropout. A thread's four elements are contiguous; neighbouring threads
// take neighbouring groups (16-byte strides).
#define VENTRIS_FOR_GROUPS(group, count)                                                      \
  for (int64_t group = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; group < (count); \
       group += static_cast<int64_t>(gridDim.x) * blockDim.x)

__global__ void bias_activation_dropout_kernel(const float* x, const float* bias, float* pre, float* y, int64_t n,
                                               int64_t cols, math::Activation act, float p, uint64_t seed,
                                               uint64_t stream_id) {
  VENTRIS_FOR_GROUPS(group, (n + 3) / 4) {
    int64_t column = (group * 4) % cols;  // one division per group, as on the CPU
    math::for_dropout_group(group, n, p, seed, stream_id, [&](int64_t i, float factor) {
      const float h = bias ? x[i] + bias[column] : x[i];
      if (++column == cols) column = 0;
      if (pre) pre[i] = h;
      y[i] = math::activate(act, h) * factor;
    });
  }
}

// grad_pre = act'(pre) * grad_y * factor, the factor redrawn from (seed, stream).
__global__ void bias_activation_dropout_backward_kernel(const float* grad_y, const float* pre, float* grad_pre,
                                                        int64_t n, math::Activation act, float p, uint64_t seed,
                                                        uint64_t stream_id) {
  VENTRIS_FOR_GROUPS(group, (n + 3) / 4)
  math::for_dropout_group(group, n, p, seed, stream_id, [&](int64_t i, float factor) {
    grad_pre[i] = math::activation_backward(act, pre[i], grad_y[i] * factor);
  });
}

#undef VENTRIS_FOR_GROUPS

}  // namespace

void bias_activation_dropout(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                             math::Activation act, float p, uint64_t seed, uint64_t stream_id, Stream s) {
  const int64_t n = rows * cols;
  if (n == 0) return;
  VENTRIS_LAUNCH(bias_activation_dropout_kernel, dim3(kernel_util::blocks_for((n + 3) / 4)),
                 dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), x, bias, pre, y, n, cols, act, p, seed, stream_id);
}

void bias_activation_dropout_backward(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                      math::Activation act, float p, uint64_t seed, uint64_t stream_id, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(bias_activation_dropout_backward_kernel, dim3(kernel_util::blocks_for((n + 3) / 4)),
                 dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), grad_y, pre, grad_pre, n, act, p, seed,
                 stream_id);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
