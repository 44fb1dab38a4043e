#include "ops/elementwise.h"

#include "ops/checks.h"

namespace ventris::ops {

namespace {
Tensor binary(math::BinaryOp op, const Tensor& a, const Tensor& b, const char* name) {
  detail::require_f32(a, name, "a");
  detail::require_f32(b, name, "b");
  detail::require_same_device(a, b, name);
  const bool b_fits = detail::is_suffix(b.shape(), a.shape());
  const bool a_fits = detail::is_suffix(a.shape(), b.shape());
  VENTRIS_CHECK(a_fits || b_fits, "{}: shapes {} and {} do not broadcast (one must be a suffix of the other)", name,
                a.shape().str(), b.shape().str());
  const Shape& out_shape = b_fits ? a.shape() : b.shape();
  Tensor out = Tensor::empty(out_shape, DType::F32, a.device());
  if (out.numel() == 0) return out;
  detail::kernel(a, &KernelTable::binary, name)(op, a.data<float>(), a.numel(), b.data<float>(), b.numel(),
                                                out.data<float>(), out.numel());
  return out;
}
}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary(math::BinaryOp::Add, a, b, "add"); }
Tensor sub(const Tensor& a, const Tensor& b) { return binary(math::BinaryOp::Sub, a, b, "sub"); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary(math::BinaryOp::Mul, a, b, "mul"); }

Tensor scale(const Tensor& a, float s) {
  detail::require_f32(a, "scale", "a");
  Tensor out = Tensor::empty(a.shape(), DType::F32, a.device());
  detail::kernel(a, &KernelTable::scale, "scale")(a.data<float>(), s, out.data<float>(), a.numel());
  return out;
}

void scale_(Tensor& x, float s) {
  detail::require_f32(x, "scale_", "x");
  // Elementwise, one read and one write per element: the kernel may write where it reads.
  detail::kernel(x, &KernelTable::scale, "scale_")(x.data<float>(), s, x.data<float>(), x.numel());
}

void add_scaled_(Tensor& dst, const Tensor& src, float s) {
  detail::require_f32(dst, "add_scaled_", "dst");
  detail::require_f32(src, "add_scaled_", "src");
  detail::require_same_device(dst, src, "add_scaled_");
  VENTRIS_CHECK(dst.shape() == src.shape(), "add_scaled_: shapes {} and {} differ", dst.shape().str(),
                src.shape().str());
  detail::kernel(dst, &KernelTable::add_scaled, "add_scaled_")(dst.data<float>(), src.data<float>(), s, dst.numel());
}

Tensor sum_to_suffix(const Tensor& x, const Shape& target) {
  detail::require_f32(x, "sum_to_suffix", "x");
  VENTRIS_CHECK(detail::is_suffix(target, x.shape()), "sum_to_suffix: {} is not a suffix of {}", target.str(),
                x.shape().str());
  if (target == x.shape()) return x;
  Tensor out = Tensor::empty(target, DType::F32, x.device());
  const int64_t cols = target.numel();
  const int64_t rows = cols ? x.numel() / cols : 0;
  if (cols > 0)
    detail::kernel(x, &KernelTable::sum_dim, "sum_to_suffix")(x.data<float>(), out.data<float>(), 1, rows, cols);
  return out;
}

}  // namespace ventris::ops
