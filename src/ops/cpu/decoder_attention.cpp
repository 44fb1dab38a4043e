// Attention for one incremental decoding step: each of `rows` hypotheses has
// one query per head and attends over its sentence's cached keys and values
// (kernels.h gives the layout). The reference for cuda/ops/decoder_attention.cu.
// Fused: scores, softmax and the weighted sum of one (row, head) stay in a
// thread-local buffer; no [rows, heads, len] tensor is written, and one
// dispatch replaces a matmul, a softmax and a second matmul per step.
//
// LazyFormer's step (architectures.md §4.4) needs the two halves apart: a head
// layer computes the distribution once (decoder_attention_probabilities) and
// every layer of its block applies it to its own values
// (decoder_attention_apply). The halves run the fused kernel's arithmetic,
// step for step, so probabilities followed by apply gives the fused bits.
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/cpu/row_reduce.h"
#include "ops/math/fast_exp.h"

namespace ventris::cpu {

namespace {

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

// w[0, len) = softmax over j of q·k_j (the query is pre-scaled by the
// caller): scores, then a max-subtracted softmax in place with vectorizable
// row_max / row_sum (row_reduce.h). len > 0.
inline void head_distribution(const float* qv, const float* k, int64_t len, int64_t head_dim,
                              int64_t position_stride, float* w) {
  for (int64_t j = 0; j < len; ++j) w[j] = head_dot(qv, k + j * position_stride, head_dim);
  const float max_score = row_max(w, len);
  for (int64_t j = 0; j < len; ++j) w[j] = math::fast_exp(w[j] - max_score);
  const float inv = 1.f / row_sum(w, len);
  for (int64_t j = 0; j < len; ++j) w[j] *= inv;
}

// o[0, head_dim) = sum_j p_j v_j, positions in order; the inner loop runs
// along Dh (contiguous in v and the accumulator), so it vectorizes. len = 0
// gives zeros, as a fully masked softmax does.
inline void weighted_values(const float* p, const float* v, int64_t len, int64_t head_dim, int64_t position_stride,
                            float* o) {
  thread_local std::vector<float> acc;
  acc.assign(static_cast<size_t>(head_dim), 0.f);
  float* __restrict__ a = acc.data();  // a local accumulator: `o` may alias nothing, but the compiler cannot know
  for (int64_t j = 0; j < len; ++j) {
    const float pj = p[j];
    const float* __restrict__ vj = v + j * position_stride;
    for (int64_t d = 0; d < head_dim; ++d) a[d] += pj * vj[d];
  }
  for (int64_t d = 0; d < head_dim; ++d) o[d] = a[d];
}

// Which cache entry and how many of its positions row n reads.
struct RowSpan {
  int64_t entry, len;
};
inline RowSpan row_span(int64_t n, const int32_t* row_batch, const int32_t* lengths, int64_t length) {
  const int64_t b = row_batch ? row_batch[n] : n;
  return {b, lengths ? lengths[b] : length};
}

// OpenMP's threshold: below it a step is cheaper on one thread.
constexpr int64_t kParallelWork = 1 << 15;

}  // namespace

void decoder_attention(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                       const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                       int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  const int64_t tasks = rows * heads;
  // Each (row, head) is computed alone, in a fixed order: the bits of a row
  // do not depend on the batch around it or on the thread count.
#pragma omp parallel for schedule(static) if (tasks * length * head_dim >= kParallelWork)
  for (int64_t task = 0; task < tasks; ++task) {
    thread_local std::vector<float> weights;
    const int64_t n = task / heads, h = task % heads;
    const auto [b, len] = row_span(n, row_batch, lengths, length);
    weights.resize(static_cast<size_t>(len > 0 ? len : 1));
    if (len > 0)
      head_distribution(q + task * head_dim, keys + b * batch_stride + h * head_dim, len, head_dim, position_stride,
                        weights.data());
    weighted_values(weights.data(), values + b * batch_stride + h * head_dim, len, head_dim, position_stride,
                    out + task * head_dim);
  }
}

void decoder_attention_probabilities(const float* q, const float* keys, const int32_t* row_batch,
                                     const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                     int64_t heads, int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  const int64_t tasks = rows * heads;
#pragma omp parallel for schedule(static) if (tasks * length * head_dim >= kParallelWork)
  for (int64_t task = 0; task < tasks; ++task) {
    const int64_t n = task / heads, h = task % heads;
    const auto [b, len] = row_span(n, row_batch, lengths, length);
    float* w = probs + task * length;
    if (len > 0)
      head_distribution(q + task * head_dim, keys + b * batch_stride + h * head_dim, len, head_dim, position_stride,
                        w);
    for (int64_t j = len > 0 ? len : 0; j < length; ++j) w[j] = 0.f;  // past the row's length: no weight
  }
}

void decoder_attention_apply(const float* probs, const float* values, const int32_t* row_batch,
                             const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                             int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  const int64_t tasks = rows * heads;
#pragma omp parallel for schedule(static) if (tasks * length * head_dim >= kParallelWork)
  for (int64_t task = 0; task < tasks; ++task) {
    const int64_t n = task / heads, h = task % heads;
    const auto [b, len] = row_span(n, row_batch, lengths, length);
    weighted_values(probs + task * length, values + b * batch_stride + h * head_dim, len > 0 ? len : 0, head_dim,
                    position_stride, out + task * head_dim);
  }
}

}  // namespace ventris::cpu
