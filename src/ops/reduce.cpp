#include "ops/reduce.h"

#include "ops/checks.h"
#include "ops/cpu/kernels.h"

namespace ventris::ops {

Tensor sum(const Tensor& x) {
  detail::require_f32(x, "sum", "x");
  detail::require_cpu(x, "sum");
  return Tensor::scalar(static_cast<float>(cpu::sum_all(x.data<float>(), x.numel())));
}

Tensor mean(const Tensor& x) {
  detail::require_f32(x, "mean", "x");
  detail::require_cpu(x, "mean");
  VENTRIS_CHECK(x.numel() > 0, "mean: empty tensor");
  return Tensor::scalar(static_cast<float>(cpu::sum_all(x.data<float>(), x.numel()) / static_cast<double>(x.numel())));
}

namespace {
std::vector<int64_t> reduced_dims(const Shape& s, int d, bool keepdim) {
  std::vector<int64_t> dims = s.vec();
  if (keepdim) dims[d] = 1;
  else dims.erase(dims.begin() + d);
  return dims;
}
}  // namespace

Tensor sum(const Tensor& x, int dim, bool keepdim) {
  detail::require_f32(x, "sum", "x");
  detail::require_cpu(x, "sum");
  const int d = x.shape().normalize(dim);
  Tensor out = Tensor::empty(Shape(reduced_dims(x.shape(), d, keepdim)), DType::F32, x.device());
  cpu::sum_dim(x.data<float>(), out.data<float>(), x.shape().count(0, d), x.size(d), x.shape().count(d + 1, x.rank()));
  return out;
}

Tensor mean(const Tensor& x, int dim, bool keepdim) {
  const int d = x.shape().normalize(dim);
  VENTRIS_CHECK(x.size(d) > 0, "mean: dim {} is empty", d);
  Tensor s = sum(x, dim, keepdim);
  float* p = s.data<float>();
  const float inv = 1.f / static_cast<float>(x.size(d));
  for (int64_t i = 0; i < s.numel(); ++i) p[i] *= inv;
  return s;
}

Tensor expand_along(const Tensor& grad, const Shape& shape, int dim) {
  detail::require_f32(grad, "expand_along", "grad");
  detail::require_cpu(grad, "expand_along");
  const int d = shape.normalize(dim);
  const int64_t outer = shape.count(0, d), n = shape[d], inner = shape.count(d + 1, shape.rank());
  VENTRIS_CHECK(grad.numel() == outer * inner, "expand_along: grad {} does not fit {} reduced along {}",
                grad.shape().str(), shape.str(), d);
  Tensor out = Tensor::empty(shape, DType::F32, grad.device());
  const float* g = grad.data<float>();
  float* o = out.data<float>();
  for (int64_t a = 0; a < outer; ++a)
    for (int64_t k = 0; k < n; ++k)
      for (int64_t i = 0; i < inner; ++i) o[(a * n + k) * inner + i] = g[a * inner + i];
  return out;
}

}  // namespace ventris::ops
