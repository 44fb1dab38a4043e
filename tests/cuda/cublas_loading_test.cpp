// cuBLAS is dlopen()ed on first use (cuda/runtime/cublas_gemm.cu) so that
// CPU-only commands do not pay its ~300 ms of static initialisation. On a
// machine with the toolkit and no GPU the library must load and its error
// status must come back as a readable Error (not a crash, not a silent skip).
#include <gtest/gtest.h>

#include <string>

#include "core/cuda_api.h"
#include "core/error.h"

#if VENTRIS_WITH_CUDA
#include "runtime/cublas_gemm.h"
#endif

namespace ventris {
namespace {

TEST(CublasLoading, LoadsOnFirstUseAndReportsStatusNames) {
#if !VENTRIS_WITH_CUDA
  GTEST_SKIP() << "built without the CUDA backend (VENTRIS_CUDA=OFF or no nvcc)";
#else
  if (!cuda::list_devices().empty())
    GTEST_SKIP() << "a GPU is present: the real-GPU suite (ctest -L gpu) runs cuBLAS GEMMs instead";
  float a = 1, b = 2, c = 0;
  const uint16_t a16 = 0x3f80, b16 = 0x4000;  // bf16 1 and 2
  // The fp32 GEMM and mixed precision's 16-bit one (cublasGemmStridedBatchedEx, resolved by name).
  for (bool sixteen_bit : {false, true}) {
    try {
      if (sixteen_bit)
        cuda::cublas_gemm_batched_16bit(true, false, false, 1, 1, 1, 1.f, &a16, 1, 1, &b16, 1, 1, 0.f, &c, 1, 1, 1);
      else
        cuda::cublas_sgemm_batched(false, false, 1, 1, 1, 1.f, &a, 1, 1, &b, 1, 1, 0.f, &c, 1, 1, 1);
      FAIL() << "cuBLAS accepted a GEMM without a GPU";
    } catch (const Error& e) {
      const std::string what = e.what();
      // Either the library is missing (named) or it loaded and reported a status by name.
      EXPECT_TRUE(what.find("cuBLAS error CUBLAS_STATUS_") != std::string::npos ||
                  what.find("cannot load cuBLAS (libcublas.so.") != std::string::npos)
          << what;
    }
  }
#endif
}

}  // namespace
}  // namespace ventris
