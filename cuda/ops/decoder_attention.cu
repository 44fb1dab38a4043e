// Twin of src/ops/cpu/decoder_attention.cpp (the fused step attention and its
// two halves for LazyFormer): one warp per (row, head). Lanes
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
//
// Phases 1 and 2 for one (row, head): weights[0, len) = the softmax of the
// scores, normalised (p_j = e_j * inv, the same product the fused kernel
// took), visible to every lane on return. len > 0.
__device__ void warp_distribution(const float* qv, const float* k, int64_t len, int64_t head_dim,
                                  int64_t position_stride, float* weights) {
  const int lane = threadIdx.x;
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
  for (int64_t j = lane; j < len; j += 32) weights[j] *= inv;  // each lane scales what it wrote
  __syncthreads();  // every lane's weights are visible to all
}

// Phase 3: lane l owns features d = l, l + 32, ... (len = 0 gives zeros).
__device__ void warp_weighted_values(const float* p, const float* v, int64_t len, int64_t head_dim,
                                     int64_t position_stride, float* o) {
  for (int64_t d = threadIdx.x; d < head_dim; d += 32) {
    float acc = 0.f;
    for (int64_t j = 0; j < len; ++j) acc += p[j] * v[j * position_stride + d];
    o[d] = acc;
  }
}

__global__ void decoder_attention_kernel(const float* q, const float* keys, const float* values,
                                         const int32_t* row_batch, const int32_t* lengths, int64_t length,
                                         float* out, int64_t heads, int64_t head_dim, int64_t batch_stride,
                                         int64_t position_stride) {
  VENTRIS_DYNAMIC_SHARED(float, weights);  // [capacity]: this (row, head)'s scores, then weights
  const int64_t task = blockIdx.x, n = task / heads, h = task % heads;
  const int64_t b = row_batch ? row_batch[n] : n;
  const int64_t len = lengths ? lengths[b] : length;
  if (len > 0)  // block-uniform
    warp_distribution(q + task * head_dim, keys + b * batch_stride + h * head_dim, len, head_dim, position_stride,
                      weights);
  warp_weighted_values(weights, values + b * batch_stride + h * head_dim, len > 0 ? len : 0, head_dim,
                       position_stride, out + task * head_dim);
}

// LazyFormer's halves (architectures.md §4.4): the distribution goes to
// global memory, [rows, heads, length] with zeros past each row's length...
__global__ void decoder_attention_probabilities_kernel(const float* q, const float* keys, const int32_t* row_batch,
                                                       const int32_t* lengths, int64_t length, float* probs,
                                                       int64_t heads, int64_t head_dim, int64_t batch_stride,
                                                       int64_t position_stride) {
  const int64_t task = blockIdx.x, n = task / heads, h = task % heads;
  const int64_t b = row_batch ? row_batch[n] : n;
  const int64_t len = lengths ? lengths[b] : length;
  float* w = probs + task * length;
  if (len > 0)
    warp_distribution(q + task * head_dim, keys + b * batch_stride + h * head_dim, len, head_dim, position_stride, w);
  for (int64_t j = (len > 0 ? len : 0) + threadIdx.x; j < length; j += 32) w[j] = 0.f;
}

// ... and is read back by every layer of the block.
__global__ void decoder_attention_apply_kernel(const float* probs, const float* values, const int32_t* row_batch,
                                               const int32_t* lengths, int64_t length, float* out, int64_t heads,
                                               int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  const int64_t task = blockIdx.x, n = task / heads, h = task % heads;
  const int64_t b = row_batch ? row_batch[n] : n;
  const int64_t len = lengths ? lengths[b] : length;
  warp_weighted_values(probs + task * length, values + b * batch_stride + h * head_dim, len > 0 ? len : 0, head_dim,
                       position_stride, out + task * head_dim);
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

void decoder_attention_probabilities(const float* q, const float* keys, const int32_t* row_batch,
                                     const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                     int64_t heads, int64_t head_dim, int64_t batch_stride, int64_t position_stride,
                                     Stream s) {
  const int64_t tasks = rows * heads;
  if (tasks == 0) return;
  VENTRIS_LAUNCH(decoder_attention_probabilities_kernel, dim3(static_cast<unsigned>(tasks)), dim3(32), 0,
                 VENTRIS_STREAM(s), q, keys, row_batch, lengths, length, probs, heads, head_dim, batch_stride,
                 position_stride);
}

void decoder_attention_apply(const float* probs, const float* values, const int32_t* row_batch,
                             const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                             int64_t head_dim, int64_t batch_stride, int64_t position_stride, Stream s) {
  const int64_t tasks = rows * heads;
  if (tasks == 0) return;
  VENTRIS_LAUNCH(decoder_attention_apply_kernel, dim3(static_cast<unsigned>(tasks)), dim3(32), 0, VENTRIS_STREAM(s),
                 probs, values, row_batch, lengths, length, out, heads, head_dim, batch_stride, position_stride);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
