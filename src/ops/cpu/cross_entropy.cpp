// Label-smoothed cross-entropy over logits [rows, vocab] (fairseq's
// label_smoothed_nll_loss): the reference for cuda/ops/cross_entropy.cu.
// One row per task, rows in parallel; within a row every sum runs in a fixed
// order, so the bits do not depend on the thread count. The forward saves
// each row's log-sum-exp so the backward needs no second reduction.
#include <algorithm>
#include <cmath>

#include "ops/cpu/kernels.h"
#include "ops/cpu/row_reduce.h"
#include "ops/math/fast_exp.h"
#include "ops/math/loss.h"

namespace ventris::cpu {

namespace {
inline int64_t target_at(const void* t, bool t32, int64_t i) {
  return t32 ? static_cast<const int32_t*>(t)[i] : static_cast<const int64_t*>(t)[i];
}
}  // namespace

void label_smoothed_cross_entropy(const float* logits, const void* targets, bool targets32, int64_t rows,
                                  int64_t vocab, float epsilon, int64_t ignore_index, float* row_loss, float* row_nll,
                                  float* logsumexp) {
  // loss = w·(-log p_t) + eps_i·sum_v(-log p_v) with -log p_v = lse - z_v, so the
  // smoothing term needs only sum_v z_v, not a second pass of logarithms.
  const float eps_i = math::smoothing_eps_i(epsilon, vocab);
  const float w_target = math::smoothing_target_weight(epsilon, vocab);
#pragma omp parallel for schedule(static) if (rows * vocab >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* z = logits + r * vocab;
    // Max first (numerical stability: every exponent is <= 0).
    const float max_v = row_max(z, vocab);
    // Exponentials in chunks on the stack (vectorized), chunk sums added in
    // order in double: accurate over large vocabularies and deterministic.
    constexpr int64_t kChunk = 512;
    float chunk[kChunk];
    double total = 0, sum_z = 0;
    for (int64_t begin = 0; begin < vocab; begin += kChunk) {
      const int64_t len = std::min(kChunk, vocab - begin);
      for (int64_t v = 0; v < len; ++v) chunk[v] = math::fast_exp(z[begin + v] - max_v);
      total += row_sum(chunk, len);
      sum_z += row_sum(z + begin, len);
    }
    const double lse = max_v + std::log(total);
    logsumexp[r] = static_cast<float>(lse);
    const int64_t t = target_at(targets, targets32, r);
    if (t == ignore_index) {
      row_loss[r] = row_nll[r] = 0.f;
      continue;
    }
    const double nll = lse - z[t];
    const double smooth = vocab * lse - sum_z;  // sum_v -log p_v
    row_nll[r] = static_cast<float>(nll);
    row_loss[r] = static_cast<float>(w_target * nll + eps_i * smooth);
  }
}

// One pass per row: p_v = exp(z_v - lse) from the saved log-sum-exp; rows
// with the ignored target get zero gradient.
void label_smoothed_cross_entropy_backward(float grad_loss, const float* logits, const void* targets,
                                           bool targets32, const float* logsumexp, int64_t rows, int64_t vocab,
                                           float epsilon, int64_t ignore_index, float* grad_logits) {
  const float eps_i = math::smoothing_eps_i(epsilon, vocab);
  const float w_target = math::smoothing_target_weight(epsilon, vocab);
#pragma omp parallel for schedule(static) if (rows * vocab >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    float* g = grad_logits + r * vocab;
    const int64_t t = target_at(targets, targets32, r);
    if (t == ignore_index) {
      for (int64_t v = 0; v < vocab; ++v) g[v] = 0.f;
      continue;
    }
    const float* z = logits + r * vocab;
    // d/dz [w·(-log p_t) + eps_i·sum_v(-log p_v)] = (w + V·eps_i)·p - w·onehot(t) - eps_i,
    // where w + V·eps_i = 1 when eps_i = eps/(V-1); kept general for V == 1.
    const float p_coef = w_target + static_cast<float>(vocab) * eps_i;
    for (int64_t v = 0; v < vocab; ++v) {
      float p = math::fast_exp(z[v] - logsumexp[r]);
      g[v] = grad_loss * (p_coef * p - eps_i - (v == t ? w_target : 0.f));
    }
  }
}

}  // namespace ventris::cpu
