#include "ops/cross_entropy.h"

#include "ops/checks.h"
#include "ops/reduce.h"

namespace ventris::ops {

namespace {
bool check_args(const Tensor& logits, const Tensor& targets, float epsilon, int64_t ignore_index, const char* op) {
  detail::require_f32(logits, op, "logits");
  const bool t32 = detail::require_index(targets, op, "targets");
  detail::require_same_device(logits, targets, op);
  VENTRIS_CHECK(logits.rank() == 2 && targets.rank() == 1 && targets.size(0) == logits.size(0),
                "{}: logits must be [N, V] and targets [N], got {} and {}", op, logits.shape().str(),
                targets.shape().str());
  VENTRIS_CHECK(epsilon >= 0.f && epsilon < 1.f, "{}: label smoothing must be in [0, 1), got {}", op, epsilon);
  return t32;
}

// Validates targets on the host and counts the non-ignored ones.
int64_t count_tokens(const Tensor& targets, bool t32, int64_t vocab, int64_t ignore_index, const char* op) {
  const Tensor host = targets.to(Device::cpu());
  int64_t tokens = 0;
  for (int64_t i = 0; i < host.numel(); ++i) {
    const int64_t t = t32 ? host.data<int32_t>()[i] : host.data<int64_t>()[i];
    VENTRIS_CHECK(t == ignore_index || (t >= 0 && t < vocab), "{}: target {} at row {} outside [0, {})", op, t, i,
                  vocab);
    tokens += t != ignore_index;
  }
  return tokens;
}
}  // namespace

CrossEntropyOutput label_smoothed_cross_entropy(const Tensor& logits, const Tensor& targets, float epsilon,
                                                int64_t ignore_index) {
  const bool t32 = check_args(logits, targets, epsilon, ignore_index, "cross_entropy");
  const int64_t rows = logits.size(0), vocab = logits.size(1);
  CrossEntropyOutput out;
  out.tokens = count_tokens(targets, t32, vocab, ignore_index, "cross_entropy");
  const Device device = logits.device();
  out.logsumexp = Tensor::empty({rows}, DType::F32, device);
  Tensor row_loss = Tensor::empty({rows}, DType::F32, device), row_nll = Tensor::empty({rows}, DType::F32, device);
  if (rows > 0)
    detail::kernel(logits, &KernelTable::cross_entropy, "cross_entropy")(
        logits.data<float>(), targets.raw_data(), t32, rows, vocab, epsilon, ignore_index, row_loss.data<float>(),
        row_nll.data<float>(), out.logsumexp.data<float>());
  // Row sums in a fixed order (deterministic on every device).
  out.loss = sum(row_loss);
  out.nll = sum(row_nll);
  return out;
}

Tensor label_smoothed_cross_entropy_backward(float grad_loss, const Tensor& logits, const Tensor& targets,
                                             const Tensor& logsumexp, float epsilon, int64_t ignore_index) {
  const bool t32 = check_args(logits, targets, epsilon, ignore_index, "cross_entropy_backward");
  detail::require_same_device(logits, logsumexp, "cross_entropy_backward");
  Tensor grad = Tensor::empty(logits.shape(), DType::F32, logits.device());
  if (grad.numel() > 0)
    detail::kernel(logits, &KernelTable::cross_entropy_backward, "cross_entropy_backward")(
        grad_loss, logits.data<float>(), targets.raw_data(), t32, logsumexp.data<float>(), logits.size(0),
        logits.size(1), epsilon, ignore_index, grad.data<float>());
  return grad;
}

}  // namespace ventris::ops
