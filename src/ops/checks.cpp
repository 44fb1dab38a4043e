#include "ops/checks.h"

#include "ops/kernels_for.h"

namespace ventris::ops::detail {

void require_cpu(const Tensor& t, const char* op) {
  VENTRIS_CHECK(t.device().is_cpu(), "{}: tensors on {} are not supported by this build's kernels", op,
                t.device().str());
}

void require_f32(const Tensor& t, const char* op, const char* arg) {
  VENTRIS_CHECK(t.defined(), "{}: argument '{}' is undefined", op, arg);
  VENTRIS_CHECK(t.dtype() == DType::F32, "{}: argument '{}' must be F32, got {}", op, arg, dtype_name(t.dtype()));
}

bool require_index(const Tensor& t, const char* op, const char* arg) {
  VENTRIS_CHECK(t.defined(), "{}: argument '{}' is undefined", op, arg);
  VENTRIS_CHECK(t.dtype() == DType::I32 || t.dtype() == DType::I64, "{}: argument '{}' must be I32 or I64, got {}",
                op, arg, dtype_name(t.dtype()));
  return t.dtype() == DType::I32;
}

void require_same_device(const Tensor& a, const Tensor& b, const char* op) {
  VENTRIS_CHECK(a.device() == b.device(), "{}: arguments on different devices ({} and {})", op, a.device().str(),
                b.device().str());
}

bool is_suffix(const Shape& small, const Shape& big) {
  if (small.rank() > big.rank()) return false;
  for (int i = 1; i <= small.rank(); ++i)
    if (small[-i] != big[-i]) return false;
  return true;
}

const KernelTable& kernels_of(Device device) { return kernels_for(device); }

}  // namespace ventris::ops::detail
