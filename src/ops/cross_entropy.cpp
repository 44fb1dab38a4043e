#include "ops/cross_entropy.h"

#include "ops/checks.h"
#include "ops/cpu/kernels.h"

namespace ventris::ops {

namespace {
bool check_args(const Tensor& logits, const Tensor& targets, float epsilon, int64_t ignore_index, const char* op) {
  detail::require_f32(logits, op, "logits");
  detail::require_cpu(logits, op);
  const bool t32 = detail::require_index(targets, op, "targets");
  detail::require_cpu(targets, op);
  VENTRIS_CHECK(logits.rank() == 2 && targets.rank() == 1 && targets.size(0) == logits.size(0),
                "{}: logits must be [N, V] and targets [N], got {} and {}", op, logits.shape().str(),
                targets.shape().str());
  VENTRIS_CHECK(epsilon >= 0.f && epsilon < 1.f, "{}: label smoothing must be in [0, 1), got {}", op, epsilon);
  const int64_t vocab = logits.size(1);
  for (int64_t i = 0; i < targets.numel(); ++i) {
    const int64_t t = t32 ? targets.data<int32_t>()[i] : targets.data<int64_t>()[i];
    VENTRIS_CHECK(t == ignore_index || (t >= 0 && t < vocab), "{}: target {} at row {} outside [0, {})", op, t, i,
                  vocab);
  }
  return t32;
}
}  // namespace

CrossEntropyOutput label_smoothed_cross_entropy(const Tensor& logits, const Tensor& targets, float epsilon,
                                                int64_t ignore_index) {
  const bool t32 = check_args(logits, targets, epsilon, ignore_index, "cross_entropy");
  const int64_t rows = logits.size(0), vocab = logits.size(1);
  CrossEntropyOutput out;
  out.logsumexp = Tensor::empty({rows}, DType::F32, logits.device());
  auto sums = cpu::label_smoothed_cross_entropy(logits.data<float>(), targets.raw_data(), t32, rows, vocab, epsilon,
                                                ignore_index, out.logsumexp.data<float>());
  out.loss = Tensor::scalar(static_cast<float>(sums.loss));
  out.nll = Tensor::scalar(static_cast<float>(sums.nll));
  out.tokens = sums.tokens;
  return out;
}

Tensor label_smoothed_cross_entropy_backward(float grad_loss, const Tensor& logits, const Tensor& targets,
                                             const Tensor& logsumexp, float epsilon, int64_t ignore_index) {
  const bool t32 = check_args(logits, targets, epsilon, ignore_index, "cross_entropy_backward");
  Tensor grad = Tensor::empty(logits.shape(), DType::F32, logits.device());
  cpu::label_smoothed_cross_entropy_backward(grad_loss, logits.data<float>(), targets.raw_data(), t32,
                                             logsumexp.data<float>(), logits.size(0), logits.size(1), epsilon,
                                             ignore_index, grad.data<float>());
  return grad;
}

}  // namespace ventris::ops
