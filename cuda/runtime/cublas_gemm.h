// Row-major strided-batched SGEMM on the GPU through cuBLAS (column-major):
// C = A·B row-major is C^T = B^T·A^T column-major, so operands swap.
#pragma once

#include <cstdint>

namespace ventris::cuda {

void cublas_sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                          int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                          float* c, int64_t ldc, int64_t stride_c, int64_t batch);

// The same with 16-bit inputs (bf16 when `bf16`, else IEEE f16; device
// pointers to their bit patterns), f32 accumulation and f32 output: one
// cublasGemmStridedBatchedEx with CUBLAS_COMPUTE_32F, which runs on tensor cores.
void cublas_gemm_batched_16bit(bool bf16, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                               const void* a, int64_t lda, int64_t stride_a, const void* b, int64_t ldb,
                               int64_t stride_b, float beta, float* c, int64_t ldc, int64_t stride_c, int64_t batch);

}  // namespace ventris::cuda
