// oneDNN matmul behind the GEMM interface (internal to core/gemm.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace ventris::gemm {

std::string onednn_version();
void onednn_sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                          const float* a, int64_t lda, int64_t stride_a, const float* b, int64_t ldb,
                          int64_t stride_b, float beta, float* c, int64_t ldc, int64_t stride_c, int64_t batch);

}  // namespace ventris::gemm
