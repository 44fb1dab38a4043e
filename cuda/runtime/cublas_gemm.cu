#include "runtime/cublas_gemm.h"

#include <cublas_v2.h>

#include <mutex>
#include <string>

#include "runtime/check.h"

namespace ventris::cuda {

namespace {

void check_cublas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw Error(std::string("cuBLAS error ") + cublasGetStatusName(status) + " (" + cublasGetStatusString(status) +
                ") in " + what);
}

cublasHandle_t handle() {
  // One handle per device and host thread; created lazily.
  thread_local cublasHandle_t h = nullptr;
  if (!h) check_cublas(cublasCreate(&h), "cublasCreate");
  return h;
}

}  // namespace

void cublas_sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                          int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                          float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  if (m == 0 || n == 0 || batch == 0) return;
  // Column-major view: C^T[n,m] = op(B)^T[n,k] · op(A)^T[k,m].
  check_cublas(cublasSgemmStridedBatched(handle(), trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                                         trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, static_cast<int>(n),
                                         static_cast<int>(m), static_cast<int>(k), &alpha, b, static_cast<int>(ldb),
                                         stride_b, a, static_cast<int>(lda), stride_a, &beta, c, static_cast<int>(ldc),
                                         stride_c, static_cast<int>(batch)),
               "cublasSgemmStridedBatched");
}

}  // namespace ventris::cuda
