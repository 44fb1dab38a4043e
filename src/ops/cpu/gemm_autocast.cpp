// The CPU GEMM autocast: the reference for the CUDA twin (cuda/ops/gemm_autocast.cu).
// Rounding the inputs and then running the f32 GEMM gives exactly the numerics
// of a 16-bit-input, f32-accumulating GEMM (the products of rounded values are
// exact in f32), so `--precision bf16` on the CPU previews a GPU run's
// numerics. It is slower than f32 here: the CPU has no 16-bit GEMM to gain
// from, and the rounding is one more pass over both operands.
#include "core/gemm.h"
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

namespace {

constexpr int64_t kParallelMin = 1 << 15;

// Elements are independent: one parallel loop, same bits for any thread count.
void round_into(math::GemmPrecision p, const float* x, float* out, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = math::round_to_precision(p, x[i]);
}

}  // namespace

// The rounded copies of A and B, stored as f32 (the GEMM below reads f32).
int64_t gemm_autocast_scratch_bytes(int64_t a_elems, int64_t b_elems) {
  return (a_elems + b_elems) * static_cast<int64_t>(sizeof(float));
}

void gemm_autocast(math::GemmPrecision p, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, int64_t stride_a, int64_t a_elems, const float* b, int64_t ldb,
                   int64_t stride_b, int64_t b_elems, float beta, float* c, int64_t ldc, int64_t stride_c,
                   int64_t batch, void* scratch) {
  float* a16 = static_cast<float*>(scratch);
  float* b16 = a16 + a_elems;
  round_into(p, a, a16, a_elems);
  round_into(p, b, b16, b_elems);
  gemm::sgemm_batched(trans_a, trans_b, m, n, k, alpha, a16, lda, stride_a, b16, ldb, stride_b, beta, c, ldc, stride_c,
                      batch);
}

}  // namespace ventris::cpu
