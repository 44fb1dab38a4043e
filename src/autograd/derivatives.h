// Differentiable versions of the ops in src/ops: same names and shape
// contracts (see the op headers), Var in and out. The backward of every op is
// in derivatives.cpp — the one table of derivatives.
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/variable.h"
#include "ops/math/bias_activation.h"
#include "ops/softmax.h"

namespace ventris::ag {

Var matmul(const Var& a, const Var& b, bool trans_a = false, bool trans_b = false);
Var add(const Var& a, const Var& b);  // broadcast over leading dims, either way
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);
Var scale(const Var& x, float s);

Var relu(const Var& x);
Var gelu(const Var& x);
// dropout(act(x + bias)) in one op (ops/bias_activation.h); bias [C] or
// undefined; p == 0 means no dropout. The same values and gradients as
// add, relu/gelu and dropout in a row.
Var bias_activation_dropout(const Var& x, const Var& bias, math::Activation act, float p, uint64_t seed,
                            uint64_t stream);
Var glu(const Var& x);  // [..., 2N] -> [..., N]

// Convolutions along time (ops/lite_conv.h): u [B, T, C]; weights [B, T, H, K]
// (dynamic, one kernel per position) or [H, K] (lightweight), already
// normalised and dropped by the caller; pad_left P in [0, K-1] (encoder K/2,
// decoder K-1), H divides C, channel c uses head c / (C/H):
//   y[b, t, c] = sum_k w[b, t, h(c), k] * u[b, t + k - P, c]     (u = 0 outside [0, T))
// Gradients for u and the weights.
Var dynamic_conv(const Var& u, const Var& weights, int64_t pad_left);
Var lightweight_conv(const Var& u, const Var& weight, int64_t pad_left);

Var softmax(const Var& x, const ops::SoftmaxMask& mask = {});
Var log_softmax(const Var& x);
Var layer_norm(const Var& x, const Var& gamma, const Var& beta, float eps = 1e-5f);
// p == 0 (or evaluation) is the identity.
Var dropout(const Var& x, float p, uint64_t seed, uint64_t stream);
// weight [V, D], ids (I32/I64, not differentiable) -> [ids..., D]; no gradient for padding_idx rows.
Var embedding(const Var& weight, const Tensor& ids, int64_t padding_idx = -1);

Var reshape(const Var& x, const std::vector<int64_t>& dims);
Var permute(const Var& x, const std::vector<int>& dims);
Var transpose(const Var& x, int dim0, int dim1);
Var concat(const std::vector<Var>& parts, int dim);
std::vector<Var> split(const Var& x, const std::vector<int64_t>& sizes, int dim);

Var sum(const Var& x);   // -> []
Var mean(const Var& x);  // -> []
Var sum(const Var& x, int dim, bool keepdim = false);
Var mean(const Var& x, int dim, bool keepdim = false);

struct CrossEntropyResult {
  Var loss;          // [] label-smoothed, summed over non-ignored rows
  Tensor nll;        // [] summed NLL (for perplexity), not differentiated
  int64_t tokens = 0;
};
// logits [N, V], targets [N].
CrossEntropyResult label_smoothed_cross_entropy(const Var& logits, const Tensor& targets, float epsilon,
                                                int64_t ignore_index);

}  // namespace ventris::ag
