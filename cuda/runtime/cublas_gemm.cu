#include "runtime/cublas_gemm.h"

#include <cublas_v2.h>
#include <dlfcn.h>

#include <mutex>
#include <string>

#include "runtime/check.h"

namespace ventris::cuda {

namespace {

// cuBLAS is loaded with dlopen on first use instead of being linked: its
// static initialisers (libcublasLt) cost ~300 ms of start-up in every
// process, which would make `ventris score` and `translate` on the CPU pay
// for a GPU library they never touch.
struct CublasLibrary {
  decltype(&cublasCreate_v2) create = nullptr;
  decltype(&cublasSgemmStridedBatched) sgemm_strided_batched = nullptr;
  // Spelled out: cublas_api.h overloads this name for C++ (a legacy compute-type form).
  cublasStatus_t (*gemm_strided_batched_ex)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int,
                                            const void*, const void*, cudaDataType, int, long long int, const void*,
                                            cudaDataType, int, long long int, const void*, void*, cudaDataType, int,
                                            long long int, int, cublasComputeType_t, cublasGemmAlgo_t) = nullptr;
  decltype(&cublasGetStatusName) status_name = nullptr;
  decltype(&cublasGetStatusString) status_string = nullptr;
};

const CublasLibrary& cublas() {
  static CublasLibrary lib;
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    const std::string soname = "libcublas.so." + std::to_string(CUBLAS_VER_MAJOR);
    void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      failure = "cannot load cuBLAS (" + soname + "): " + dlerror();
      return;
    }
    auto resolve = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
      if (!fn && failure.empty()) failure = soname + " lacks " + name;
    };
    resolve(lib.create, "cublasCreate_v2");
    resolve(lib.sgemm_strided_batched, "cublasSgemmStridedBatched");
    resolve(lib.gemm_strided_batched_ex, "cublasGemmStridedBatchedEx");
    resolve(lib.status_name, "cublasGetStatusName");
    resolve(lib.status_string, "cublasGetStatusString");
  });
  if (!failure.empty()) throw Error(failure);
  return lib;
}

void check_cublas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw Error(std::string("cuBLAS error ") + cublas().status_name(status) + " (" + cublas().status_string(status) +
                ") in " + what);
}

cublasHandle_t handle() {
  // One handle per device and host thread; created lazily.
  thread_local cublasHandle_t h = nullptr;
  if (!h) check_cublas(cublas().create(&h), "cublasCreate");
  return h;
}

}  // namespace

void cublas_sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                          int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                          float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  if (m == 0 || n == 0 || batch == 0) return;
  // Column-major view: C^T[n,m] = op(B)^T[n,k] · op(A)^T[k,m].
  check_cublas(cublas().sgemm_strided_batched(handle(), trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                                              trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, static_cast<int>(n),
                                              static_cast<int>(m), static_cast<int>(k), &alpha, b,
                                              static_cast<int>(ldb), stride_b, a, static_cast<int>(lda), stride_a,
                                              &beta, c, static_cast<int>(ldc), stride_c, static_cast<int>(batch)),
               "cublasSgemmStridedBatched");
}

void cublas_gemm_batched_16bit(bool bf16, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                               const void* a, int64_t lda, int64_t stride_a, const void* b, int64_t ldb,
                               int64_t stride_b, float beta, float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  if (m == 0 || n == 0 || batch == 0) return;
  const cudaDataType input = bf16 ? CUDA_R_16BF : CUDA_R_16F;
  // Operands swapped as in cublas_sgemm_batched; alpha and beta are floats because the compute type is 32F.
  check_cublas(cublas().gemm_strided_batched_ex(handle(), trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                                                trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, static_cast<int>(n),
                                                static_cast<int>(m), static_cast<int>(k), &alpha, b, input,
                                                static_cast<int>(ldb), stride_b, a, input, static_cast<int>(lda),
                                                stride_a, &beta, c, CUDA_R_32F, static_cast<int>(ldc), stride_c,
                                                static_cast<int>(batch), CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
               "cublasGemmStridedBatchedEx");
}

}  // namespace ventris::cuda
