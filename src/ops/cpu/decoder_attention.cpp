// Attention for one incremental decoding step: each of `rows` hypotheses has
// one query per head and attends over its sentence's cached keys and values
// (kernels.h gives the layout). The reference for cuda/ops/decoder_attention.cu.
// Fused: scores, softmax and the weighted sum of one (row, head) stay in a
// thread-local buffer; no [rows, heads, len] tensor is written, and one
// dispatch replaces a matmul, a softmax and a second matmul per step.
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/cpu/row_reduce.h"
#include "ops/math/fast_exp.h"

namespace ventris::cpu {

namespace {

constexpr int kLanes = 16;

// q·k over one head: 16 lane sums combined as a fixed tree (the compiler
// turns it into a few vector shuffles; a sequential combine would cost more
// than the products themselves at Dh = 64).
inline float head_dot(const float* q, const float* k, int64_t n) {
  float acc[kLanes] = {};
  int64_t d = 0;
  for (; d + kLanes <= n; d += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += q[d + l] * k[d + l];
  for (int l = 0; d < n; ++d, ++l) acc[l] += q[d] * k[d];
  for (int width = kLanes / 2; width > 0; width /= 2)
    for (int l = 0; l < width; ++l) acc[l] += acc[l + width];
  return acc[0];
}

}  // namespace

void decoder_attention(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                       const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                       int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  const int64_t tasks = rows * heads;
  // Each (row, head) is computed alone, in a fixed order: the bits of a row
  // do not depend on the batch around it or on the thread count.
#pragma omp parallel for schedule(static) if (tasks * length * head_dim >= (1 << 15))
  for (int64_t task = 0; task < tasks; ++task) {
    thread_local std::vector<float> weights, acc;
    const int64_t n = task / heads, h = task % heads;
    const int64_t b = row_batch ? row_batch[n] : n;
    const int64_t len = lengths ? lengths[b] : length;
    const float* qv = q + task * head_dim;
    const float* k = keys + b * batch_stride + h * head_dim;
    const float* v = values + b * batch_stride + h * head_dim;
    float* o = out + task * head_dim;
    if (len <= 0) {  // nothing to attend to: zeros, as a fully masked softmax gives
      for (int64_t d = 0; d < head_dim; ++d) o[d] = 0.f;
      continue;
    }
    weights.resize(static_cast<size_t>(len));
    acc.assign(static_cast<size_t>(head_dim), 0.f);
    float* w = weights.data();
    float* a = acc.data();  // a local accumulator: `o` may alias nothing, but the compiler cannot know
    // Scores (the query is pre-scaled by the caller), then a max-subtracted
    // softmax in place with vectorizable row_max / row_sum (row_reduce.h).
    for (int64_t j = 0; j < len; ++j) w[j] = head_dot(qv, k + j * position_stride, head_dim);
    const float max_score = row_max(w, len);
    for (int64_t j = 0; j < len; ++j) w[j] = math::fast_exp(w[j] - max_score);
    const float inv = 1.f / row_sum(w, len);
    // out = sum_j p_j v_j, positions in order; the inner loop runs along Dh
    // (contiguous in v and the accumulator), so it vectorizes.
    for (int64_t j = 0; j < len; ++j) {
      const float p = w[j] * inv;
      const float* __restrict__ vj = v + j * position_stride;
      float* __restrict__ aa = a;
      for (int64_t d = 0; d < head_dim; ++d) aa[d] += p * vj[d];
    }
    for (int64_t d = 0; d < head_dim; ++d) o[d] = a[d];
  }
}

}  // namespace ventris::cpu
