// Label-smoothed cross-entropy fused with log-softmax, fairseq's formula:
//   eps_i = eps / (V - 1)
//   loss  = sum over non-ignored rows of (1 - eps - eps_i) * nll + eps_i * sum_v(-log p_v)
// (architectures.md §1.5). NLL is reported separately for perplexity.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

struct CrossEntropyOutput {
  Tensor loss;         // [] sum over non-ignored rows
  Tensor nll;          // [] sum of -log p(target) over non-ignored rows
  Tensor logsumexp;    // [N] per-row log-sum-exp, saved for the backward pass
  int64_t tokens = 0;  // non-ignored rows
};

// logits [N, V], targets [N] (I32 or I64).
CrossEntropyOutput label_smoothed_cross_entropy(const Tensor& logits, const Tensor& targets, float epsilon,
                                                int64_t ignore_index);

// d loss / d logits scaled by grad_loss: softmax - (1 - eps - eps_i) onehot - eps_i;
// zero rows for ignored targets.
Tensor label_smoothed_cross_entropy_backward(float grad_loss, const Tensor& logits, const Tensor& targets,
                                             const Tensor& logsumexp, float epsilon, int64_t ignore_index);

}  // namespace ventris::ops
