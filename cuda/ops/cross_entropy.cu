// Twin of src/ops/cpu/cross_entropy.cpp: fused log-softmax + label-smoothed
// cross-entropy, one warp per row, fp32 statistics, the shared fast_exp and
// the shared smoothing weights (ops/math/loss.h). Per-row losses are returned
// and summed by the dispatcher in row order, so the total is deterministic.
#include <cmath>

#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/fast_exp.h"
#include "ops/math/loss.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

using kernel_util::warp_max;
using kernel_util::warp_sum;

__device__ __forceinline__ int64_t target_at(const void* t, bool t32, int64_t i) {
  return t32 ? static_cast<const int32_t*>(t)[i] : static_cast<const int64_t*>(t)[i];
}

// Forward, one warp per row (grid-stride over rows, 8 rows per block): lane l
// reads columns l, l + 32, ... (coalesced), keeping a running max, then a
// second pass sums exp(z - max) and z in fp32 per lane; warp_max / warp_sum
// combine the lanes in a fixed butterfly. Two reads of the row, no shared
// memory. The order differs from the CPU's (double chunk sums), so CPU and GPU
// agree to rounding, not bit for bit; each is deterministic. Lane 0 writes.
__global__ void cross_entropy_kernel(const float* logits, const void* targets, bool t32, int64_t rows, int64_t vocab,
                                     float epsilon, int64_t ignore_index, float* row_loss, float* row_nll,
                                     float* logsumexp) {
  const int lane = threadIdx.x % 32;
  const int64_t warps = static_cast<int64_t>(gridDim.x) * blockDim.x / 32;
  for (int64_t r = (blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x) / 32; r < rows; r += warps) {
    const float* z = logits + r * vocab;
    float mx = -INFINITY;
    for (int64_t v = lane; v < vocab; v += 32) mx = z[v] > mx ? z[v] : mx;
    mx = warp_max(mx);
    float total = 0.f, sum_z = 0.f;
    for (int64_t v = lane; v < vocab; v += 32) {
      total += math::fast_exp(z[v] - mx);
      sum_z += z[v];
    }
    total = warp_sum(total);
    sum_z = warp_sum(sum_z);
    if (lane != 0) continue;
    const float lse = mx + logf(total);
    logsumexp[r] = lse;
    const int64_t t = target_at(targets, t32, r);
    if (t == ignore_index) {
      row_loss[r] = row_nll[r] = 0.f;
      continue;
    }
    const float nll = lse - z[t];
    const float smooth = static_cast<float>(vocab) * lse - sum_z;
    row_nll[r] = nll;
    row_loss[r] = math::smoothing_target_weight(epsilon, vocab) * nll + math::smoothing_eps_i(epsilon, vocab) * smooth;
  }
}

// Backward, element-wise: one thread per logit (grid-stride over rows * vocab,
// consecutive threads on consecutive columns), p from the saved log-sum-exp,
// so no reduction and no cross-thread order to fix.
__global__ void cross_entropy_backward_kernel(float grad_loss, const float* logits, const void* targets, bool t32,
                                              const float* logsumexp, int64_t rows, int64_t vocab, float epsilon,
                                              int64_t ignore_index, float* grad) {
  const float eps_i = math::smoothing_eps_i(epsilon, vocab);
  const float w_target = math::smoothing_target_weight(epsilon, vocab);
  const float p_coef = w_target + static_cast<float>(vocab) * eps_i;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < rows * vocab;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t r = i / vocab, v = i % vocab;
    const int64_t t = target_at(targets, t32, r);
    if (t == ignore_index) {
      grad[i] = 0.f;
      continue;
    }
    const float p = math::fast_exp(logits[i] - logsumexp[r]);
    grad[i] = grad_loss * (p_coef * p - eps_i - (v == t ? w_target : 0.f));
  }
}

}  // namespace

void label_smoothed_cross_entropy(const float* logits, const void* targets, bool targets32, int64_t rows,
                                  int64_t vocab, float epsilon, int64_t ignore_index, float* row_loss, float* row_nll,
                                  float* logsumexp, Stream s) {
  if (rows == 0) return;
  // One warp per row: blocks_for counts rows in units of 8 (warps per block).
  VENTRIS_LAUNCH(cross_entropy_kernel, dim3(kernel_util::blocks_for(rows, kernel_util::kThreads / 32)),
                 dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), logits, targets, targets32, rows, vocab, epsilon,
                 ignore_index, row_loss, row_nll, logsumexp);
}

void label_smoothed_cross_entropy_backward(float grad_loss, const float* logits, const void* targets, bool targets32,
                                           const float* logsumexp, int64_t rows, int64_t vocab, float epsilon,
                                           int64_t ignore_index, float* grad_logits, Stream s) {
  if (rows * vocab == 0) return;
  VENTRIS_LAUNCH(cross_entropy_backward_kernel, dim3(kernel_util::blocks_for(rows * vocab)),
                 dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), grad_loss, logits, targets, targets32, logsumexp,
                 rows, vocab, epsilon, ignore_index, grad_logits);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
