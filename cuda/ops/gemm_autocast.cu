// Twin of src/ops/cpu/gemm_autocast.cpp. A small kernel casts both inputs to
// 16 bits into scratch; cuBLAS multiplies them with f32 accumulation
// (cublasGemmStridedBatchedEx, tensor cores). Under the emulator the cast
// kernel runs as written and the GEMM is the CPU's over the widened values:
// widening is exact, so this equals the CPU kernel bit for bit.
#include "ops/kernel_common.cuh"
#include "ops/cuda_kernels.h"
#include "ops/math/autocast.h"

#if defined(VENTRIS_CUDA_EMULATION)
#include <vector>

#include "core/gemm.h"
#else
#include "runtime/cublas_gemm.h"
#endif

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// B's copy starts on a 256-byte boundary after A's: cuBLAS chooses its
// tensor-core kernels only for suitably aligned operands.
constexpr int64_t kAlignElements = 128;

int64_t aligned(int64_t n) { return (n + kAlignElements - 1) / kAlignElements * kAlignElements; }

// Element-wise cast (round to nearest even, math/autocast.h), grid-stride,
// coalesced: 4-byte reads, 2-byte writes.
__global__ void cast_to_half_kernel(math::GemmPrecision p, const float* x, uint16_t* out, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    out[i] = math::to_half_bits(p, x[i]);
}

}  // namespace

using kernel_util::blocks_for;
using kernel_util::kThreads;

void cast_to_half(math::GemmPrecision p, const float* x, uint16_t* out, int64_t n, Stream s) {
  if (n == 0) return;
  VENTRIS_LAUNCH(cast_to_half_kernel, dim3(blocks_for(n)), dim3(kThreads), 0, VENTRIS_STREAM(s), p, x, out, n);
}

// Scratch: A's 16-bit copy padded to kAlignElements, then B's.
int64_t gemm_autocast_scratch_bytes(int64_t a_elems, int64_t b_elems) {
  return (aligned(a_elems) + b_elems) * static_cast<int64_t>(sizeof(uint16_t));
}

void gemm_autocast(math::GemmPrecision p, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, int64_t stride_a, int64_t a_elems, const float* b, int64_t ldb,
                   int64_t stride_b, int64_t b_elems, float beta, float* c, int64_t ldc, int64_t stride_c,
                   int64_t batch, void* scratch, Stream s) {
  if (m == 0 || n == 0 || batch == 0) return;
  uint16_t* a16 = static_cast<uint16_t*>(scratch);
  uint16_t* b16 = a16 + aligned(a_elems);
  // Casts and GEMM share the stream, so the GEMM sees the finished copies.
  cast_to_half(p, a, a16, a_elems, s);
  cast_to_half(p, b, b16, b_elems, s);
#if defined(VENTRIS_CUDA_EMULATION)
  // What cuBLAS does on a GPU, on the CPU: the f32 GEMM over the exact widening of the 16-bit inputs.
  std::vector<float> wide_a(static_cast<size_t>(a_elems)), wide_b(static_cast<size_t>(b_elems));
  for (int64_t i = 0; i < a_elems; ++i) wide_a[static_cast<size_t>(i)] = math::from_half_bits(p, a16[i]);
  for (int64_t i = 0; i < b_elems; ++i) wide_b[static_cast<size_t>(i)] = math::from_half_bits(p, b16[i]);
  gemm::sgemm_batched(trans_a, trans_b, m, n, k, alpha, wide_a.data(), lda, stride_a, wide_b.data(), ldb, stride_b,
                      beta, c, ldc, stride_c, batch);
#else
  cuda::cublas_gemm_batched_16bit(p == math::GemmPrecision::BF16, trans_a, trans_b, m, n, k, alpha, a16, lda,
                                  stride_a, b16, ldb, stride_b, beta, c, ldc, stride_c, batch);
#endif
}

}  // namespace ventris::VENTRIS_KERNEL_NS
