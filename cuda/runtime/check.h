// Turns CUDA runtime status codes into ventris::Error with file:line context.
// VENTRIS_CUDA_SYNC_DEBUG=1 in the environment synchronizes after each launch
// so an asynchronous kernel fault is reported at the launch that caused it.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "core/error_types.h"

namespace ventris::cuda {

bool sync_debug_enabled();

[[noreturn]] inline void throw_cuda_error(cudaError_t status, const char* expr, const char* file, int line) {
  std::string where(file);
  if (auto pos = where.rfind("/cuda/"); pos != std::string::npos) where = where.substr(pos + 1);
  throw Error(std::string("CUDA error ") + cudaGetErrorName(status) + " (" + cudaGetErrorString(status) +
              ") in " + expr + " (" + where + ":" + std::to_string(line) + ")");
}

}  // namespace ventris::cuda

#define VENTRIS_CUDA_CHECK(expr)                                                          \
  do {                                                                                    \
    cudaError_t status_ = (expr);                                                         \
    if (status_ != cudaSuccess) ::ventris::cuda::throw_cuda_error(status_, #expr, __FILE__, __LINE__); \
  } while (0)

// Call after every kernel launch.
#define VENTRIS_CUDA_CHECK_LAUNCH()                                          \
  do {                                                                       \
    VENTRIS_CUDA_CHECK(cudaGetLastError());                                  \
    if (::ventris::cuda::sync_debug_enabled())                               \
      VENTRIS_CUDA_CHECK(cudaDeviceSynchronize());                           \
  } while (0)
