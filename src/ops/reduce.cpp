#include "ops/reduce.h"

#include "ops/checks.h"

namespace ventris::ops {

Tensor sum(const Tensor& x) {
  detail::require_f32(x, "sum", "x");
  Tensor out = Tensor::empty(Shape{}, DType::F32, x.device());
  detail::kernel(x, &KernelTable::sum_all, "sum")(x.data<float>(), x.numel(), out.data<float>());
  return out;
}

Tensor mean(const Tensor& x) {
  detail::require_f32(x, "mean", "x");
  VENTRIS_CHECK(x.numel() > 0, "mean: empty tensor");
  Tensor s = sum(x);
  Tensor out = Tensor::empty(Shape{}, DType::F32, x.device());
  detail::kernel(x, &KernelTable::scale, "mean")(s.data<float>(), 1.f / static_cast<float>(x.numel()),
                                                 out.data<float>(), 1);
  return out;
}

namespace {
Shape reduced_shape(const Shape& s, int d, bool keepdim) { return keepdim ? s.with_dim(d, 1) : s.without_dim(d); }
}  // namespace

Tensor sum(const Tensor& x, int dim, bool keepdim) {
  detail::require_f32(x, "sum", "x");
  const int d = x.shape().normalize(dim);
  Tensor out = Tensor::empty(reduced_shape(x.shape(), d, keepdim), DType::F32, x.device());
  if (out.numel() > 0)
    detail::kernel(x, &KernelTable::sum_dim, "sum")(x.data<float>(), out.data<float>(), x.shape().count(0, d),
                                                    x.size(d), x.shape().count(d + 1, x.rank()));
  return out;
}

Tensor mean(const Tensor& x, int dim, bool keepdim) {
  const int d = x.shape().normalize(dim);
  VENTRIS_CHECK(x.size(d) > 0, "mean: dim {} is empty", d);
  Tensor s = sum(x, dim, keepdim);
  Tensor out = Tensor::empty(s.shape(), DType::F32, x.device());
  detail::kernel(x, &KernelTable::scale, "mean")(s.data<float>(), 1.f / static_cast<float>(x.size(d)),
                                                 out.data<float>(), s.numel());
  return out;
}

Tensor expand_along(const Tensor& grad, const Shape& shape, int dim) {
  detail::require_f32(grad, "expand_along", "grad");
  const int d = shape.normalize(dim);
  const int64_t outer = shape.count(0, d), n = shape[d], inner = shape.count(d + 1, shape.rank());
  VENTRIS_CHECK(grad.numel() == outer * inner, "expand_along: grad {} does not fit {} reduced along {}",
                grad.shape().str(), shape.str(), d);
  Tensor out = Tensor::empty(shape, DType::F32, grad.device());
  if (out.numel() > 0)
    detail::kernel(grad, &KernelTable::expand_dim, "expand_along")(grad.data<float>(), out.data<float>(), outer, n,
                                                                   inner);
  return out;
}

}  // namespace ventris::ops
