// Twin of src/ops/cpu/decoder_attention.cpp: one warp per (row, head). Lanes
// score keys j = lane, lane + 32, ... into shared memory, the warp reduces max
// and sum with shuffles, then lanes own output features d and sum the weighted
// values over j in order. fp32 throughout, the CPU's exp (math::fast_exp).
#include <cmath>

#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/fast_exp.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Grid: one block of one warp (32 threads) per (row, head) task, so the whole
// reduction is warp shuffles and one barrier. Three phases:
//  1. scores: lane l takes keys l, l + 32, ...; each score is a sequential dot
//     over Dh (the query is pre-scaled by the caller). Reads of one key are
//     contiguous for a lane but strided across lanes (position_stride apart),
//     so these loads are not coalesced.
//  2. softmax: max and sum of exp(s - max) per lane, then warp_max / warp_sum
//     (fixed butterfly: deterministic, every lane holds the result).
//  3. output: lane l owns features d = l, l + 32, ... and adds p_j * v[j, d]
//     over j in order; at a fixed j the lanes read one contiguous value row.
// The CPU twin sums in another order (16-lane dot products), so the two agree
// to rounding; each is independent of the batch around a row.
__global__ void decoder_attention_kernel(const float* q, const float* keys, const float* values,
                                         const int32_t* row_batch, const int32_t* lengths, int64_t length,
                                         float* out, int64_t heads, int64_t head_dim, int64_t batch_stride,
                                         int64_t position_stride) {
  VENTRIS_DYNAMIC_SHARED(float, weights);  // [capacity]: this (row, head)'s scores, then weights
  const int lane = threadIdx.x;
  const int64_t task = blockIdx.x, n = task / heads, h = task % heads;
  const int64_t b = row_batch ? row_batch[n] : n;
  const int64_t len = lengths ? lengths[b] : length;
  const float* qv = q + task * head_dim;
  const float* k = keys + b * batch_stride + h * head_dim;
  const float* v = values + b * batch_stride + h * head_dim;
  float* o = out + task * head_dim;
  if (len <= 0) {  // block-uniform
    for (int64_t d = lane; d < head_dim; d += 32) o[d] = 0.f;
    return;
  }
  float mx = -INFINITY;
  for (int64_t j = lane; j < len; j += 32) {
    float s = 0.f;
    for (int64_t d = 0; d < head_dim; ++d) s += qv[d] * k[j * position_stride + d];
    weights[j] = s;
    mx = s > mx ? s : mx;
  }
  mx = kernel_util::warp_max(mx);
  float total = 0.f;
  for (int64_t j = lane; j < len; j += 32) {
    const float e = math::fast_exp(weights[j] - mx);
    weights[j] = e;
    total += e;
  }
  total = kernel_util::warp_sum(total);
  const float inv = 1.f / total;
  __syncthreads();  // every lane's weights are visible to all
  for (int64_t d = lane; d < head_dim; d += 32) {
    float acc = 0.f;
    for (int64_t j = 0; j < len; ++j) acc += weights[j] * inv * v[j * position_stride + d];
    o[d] = acc;
  }
}

}  // namespace

void decoder_attention(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                       const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                       int64_t head_dim, int64_t batch_stride, int64_t position_stride, Stream s) {
  const int64_t tasks = rows * heads;
  if (tasks == 0) return;
  // One warp-sized block per task (grid = rows * heads).
  // Scores of the longest row fit in shared memory: the caller passes the
  // capacity (largest length) as `length` when lengths are given per entry.
  const size_t shared_bytes = static_cast<size_t>(length > 0 ? length : 1) * sizeof(float);
  VENTRIS_LAUNCH(decoder_attention_kernel, dim3(static_cast<unsigned>(tasks)), dim3(32), shared_bytes,
                 VENTRIS_STREAM(s), q, keys, values, row_batch, lengths, length, out, heads, head_dim, batch_stride,
                 position_stride);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
