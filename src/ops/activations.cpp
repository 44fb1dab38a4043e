#include "ops/activations.h"

#include "ops/checks.h"

namespace ventris::ops {

namespace {
Tensor like(const Tensor& x) { return Tensor::empty(x.shape(), DType::F32, x.device()); }
void same_shape(const Tensor& a, const Tensor& b, const char* op) {
  VENTRIS_CHECK(a.shape() == b.shape(), "{}: shapes {} and {} differ", op, a.shape().str(), b.shape().str());
}
}  // namespace

Tensor relu(const Tensor& x) {
  detail::require_f32(x, "relu", "x");
  Tensor y = like(x);
  detail::kernel(x, &KernelTable::relu, "relu")(x.data<float>(), y.data<float>(), x.numel());
  return y;
}

Tensor relu_backward(const Tensor& grad_y, const Tensor& y) {
  detail::require_f32(grad_y, "relu_backward", "grad_y");
  detail::require_f32(y, "relu_backward", "y");
  same_shape(grad_y, y, "relu_backward");
  Tensor gx = like(y);
  detail::require_same_device(grad_y, y, "relu_backward");
  detail::kernel(y, &KernelTable::relu_backward, "relu_backward")(grad_y.data<float>(), y.data<float>(), gx.data<float>(),
                                                                   y.numel());
  return gx;
}

Tensor gelu(const Tensor& x) {
  detail::require_f32(x, "gelu", "x");
  Tensor y = like(x);
  detail::kernel(x, &KernelTable::gelu, "gelu")(x.data<float>(), y.data<float>(), x.numel());
  return y;
}

Tensor gelu_backward(const Tensor& grad_y, const Tensor& x) {
  detail::require_f32(grad_y, "gelu_backward", "grad_y");
  detail::require_f32(x, "gelu_backward", "x");
  same_shape(grad_y, x, "gelu_backward");
  Tensor gx = like(x);
  detail::require_same_device(grad_y, x, "gelu_backward");
  detail::kernel(x, &KernelTable::gelu_backward, "gelu_backward")(grad_y.data<float>(), x.data<float>(), gx.data<float>(),
                                                                   x.numel());
  return gx;
}

Tensor glu(const Tensor& x) {
  detail::require_f32(x, "glu", "x");
  VENTRIS_CHECK(x.rank() >= 1 && x.size(-1) % 2 == 0, "glu: last dim must be even, got {}", x.shape().str());
  const int64_t half = x.size(-1) / 2;
  Tensor y = Tensor::empty(x.shape().with_dim(-1, half), DType::F32, x.device());
  const int64_t rows = half ? y.numel() / half : 0;
  detail::kernel(x, &KernelTable::glu, "glu")(x.data<float>(), y.data<float>(), rows, half);
  return y;
}

Tensor glu_backward(const Tensor& grad_y, const Tensor& x) {
  detail::require_f32(grad_y, "glu_backward", "grad_y");
  detail::require_f32(x, "glu_backward", "x");
  const int64_t half = x.size(-1) / 2;
  VENTRIS_CHECK(grad_y.numel() * 2 == x.numel() && grad_y.size(-1) == half, "glu_backward: grad {} does not match x {}",
                grad_y.shape().str(), x.shape().str());
  Tensor gx = like(x);
  const int64_t rows = half ? grad_y.numel() / half : 0;
  detail::require_same_device(grad_y, x, "glu_backward");
  detail::kernel(x, &KernelTable::glu_backward, "glu_backward")(grad_y.data<float>(), x.data<float>(), gx.data<float>(), rows,
                                                                 half);
  return gx;
}

}  // namespace ventris::ops
