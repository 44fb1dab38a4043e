// The one GEMM interface every matmul goes through. Row-major, f32.
// Backends: Ventris's own AVX2 kernel (default where the CPU has AVX2 and FMA:
// core/gemm_avx2.cpp), oneDNN matmul and OpenBLAS cblas.
// VENTRIS_GEMM=avx2|onednn|openblas selects one at start-up; scripts/bench/ops
// compares them.
//
// Invariance: a row of C gets the same bits whatever the other rows, the
// number of threads and the batch count — what makes translations
// independent of batch composition and training independent of --threads.
// The AVX2 kernel has it by construction (each element's sum runs in a fixed
// order that depends on K only), so it may tile freely. The libraries do not
// promise it (oneDNN 2.6's AVX2 kernels and OpenBLAS change a row's summation
// order with M and with the thread count), so for them every GEMM is cut into
// tasks of one row block (a fixed number of rows per backend; the last block
// is zero-padded to it) by one column block (fixed width), each a
// single-threaded library call whose shape depends only on N, K and the block
// sizes, and the tasks are spread over the OpenMP threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ventris::gemm {

enum class Backend { OpenBLAS, OneDNN, Avx2 };

Backend backend();
void set_backend(Backend b);  // throws if that backend is not compiled in or the CPU lacks it
bool onednn_available();
bool avx2_available();
std::vector<Backend> available_backends();
const char* backend_name(Backend b);  // "openblas", "onednn", "avx2" (VENTRIS_GEMM's values)
std::string backend_description();  // e.g. "oneDNN 2.6.3 (fallback OpenBLAS 0.3.21)"

// C[M,N] = alpha * op(A) * op(B) + beta * C, where op(A) is [M,K] (A stored
// [K,M] when trans_a) and op(B) is [K,N] (B stored [N,K] when trans_b).
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// `batch` independent GEMMs; matrix i starts at a + i*stride_a etc.
// stride_b = 0 broadcasts one B over the batch.
void sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                   int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                   float* c, int64_t ldc, int64_t stride_c, int64_t batch);

}  // namespace ventris::gemm
