#include "ops/matmul.h"

#include "ops/autocast.h"
#include "ops/checks.h"
#include "ops/mult_add_counter.h"

namespace ventris::ops {

namespace {

struct Plan {
  int64_t batch = 1, m = 0, n = 0, k = 0;
  Shape out_dims;
};

Plan plan_matmul(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  VENTRIS_CHECK(a.rank() >= 1 && b.rank() >= 2, "matmul: ranks {} and {} not supported", a.rank(), b.rank());
  Plan p;
  if (b.rank() == 2) {
    // Linear form: a [..., K] x b [K, N].
    p.k = tb ? b.size(1) : b.size(0);
    p.n = tb ? b.size(0) : b.size(1);
    if (ta) {
      VENTRIS_CHECK(a.rank() == 2, "matmul: trans_a needs a 2-D a, got {}", a.shape().str());
      p.m = a.size(1);
      VENTRIS_CHECK(a.size(0) == p.k, "matmul: a^T {} and b {} do not chain", a.shape().str(), b.shape().str());
      p.out_dims = Shape{p.m, p.n};
    } else {
      VENTRIS_CHECK(a.size(-1) == p.k, "matmul: a {} and b{} {} do not chain", a.shape().str(), tb ? "^T" : "",
                    b.shape().str());
      p.m = a.numel() / std::max<int64_t>(p.k, 1);
      if (p.k == 0) p.m = a.shape().count(0, a.rank() - 1);
      p.out_dims = a.shape().with_dim(-1, p.n);
    }
    return p;
  }
  VENTRIS_CHECK(a.rank() == b.rank(), "matmul: batched operands need equal ranks, got {} and {}", a.shape().str(),
                b.shape().str());
  for (int d = 0; d < a.rank() - 2; ++d)
    VENTRIS_CHECK(a.size(d) == b.size(d), "matmul: batch dims differ: {} vs {}", a.shape().str(), b.shape().str());
  p.batch = a.shape().count(0, a.rank() - 2);
  p.m = ta ? a.size(-1) : a.size(-2);
  p.k = ta ? a.size(-2) : a.size(-1);
  const int64_t kb = tb ? b.size(-1) : b.size(-2);
  p.n = tb ? b.size(-2) : b.size(-1);
  VENTRIS_CHECK(p.k == kb, "matmul: {}{} and {}{} do not chain", a.shape().str(), ta ? "^T" : "", b.shape().str(),
                tb ? "^T" : "");
  p.out_dims = a.shape().with_dim(-2, p.m).with_dim(-1, p.n);
  return p;
}

void run(const Plan& p, Tensor& out, const Tensor& a, const Tensor& b, bool ta, bool tb, float alpha, float beta) {
  const int64_t lda = ta ? p.m : p.k, ldb = tb ? p.k : p.n;
  detail::require_same_device(a, b, "matmul");
  detail::require_same_device(a, out, "matmul");
  count_mult_adds(p.batch * p.m * p.n * p.k);
  const GemmPrecision precision = gemm_precision();
  if (precision == GemmPrecision::F32)
    return detail::kernel(a, &KernelTable::sgemm_batched, "matmul")(ta, tb, p.m, p.n, p.k, alpha, a.data<float>(),
                                                                   lda, p.m * p.k, b.data<float>(), ldb, p.k * p.n,
                                                                   beta, out.data<float>(), p.n, p.m * p.n, p.batch);
  // Autocast: the rounded copies of both operands live in scratch from the
  // caching allocator (no steady-state allocation). It returns to the cache once
  // the GEMM is queued; its next user is queued behind the GEMM on the same stream.
  const auto gemm = detail::kernel(a, &KernelTable::gemm_autocast, "matmul (autocast)");
  const int64_t bytes = detail::kernels_of(a).gemm_autocast_scratch_bytes(a.numel(), b.numel());
  Tensor scratch = Tensor::empty({(bytes + 3) / 4}, DType::F32, a.device());
  gemm(precision, ta, tb, p.m, p.n, p.k, alpha, a.data<float>(), lda, p.m * p.k, a.numel(), b.data<float>(), ldb,
       p.k * p.n, b.numel(), beta, out.data<float>(), p.n, p.m * p.n, p.batch, scratch.data<float>());
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b, bool trans_a, bool trans_b) {
  detail::require_f32(a, "matmul", "a");
  detail::require_f32(b, "matmul", "b");
  Plan p = plan_matmul(a, b, trans_a, trans_b);
  Tensor out = Tensor::empty(p.out_dims, DType::F32, a.device());
  run(p, out, a, b, trans_a, trans_b, 1.f, 0.f);
  return out;
}

void matmul_into(Tensor& out, const Tensor& a, const Tensor& b, bool trans_a, bool trans_b, float alpha,
                 float beta) {
  detail::require_f32(a, "matmul", "a");
  detail::require_f32(b, "matmul", "b");
  detail::require_f32(out, "matmul", "out");
  Plan p = plan_matmul(a, b, trans_a, trans_b);
  VENTRIS_CHECK(out.shape() == p.out_dims, "matmul_into: out is {}, expected {}", out.shape().str(),
                p.out_dims.str());
  run(p, out, a, b, trans_a, trans_b, alpha, beta);
}

}  // namespace ventris::ops
