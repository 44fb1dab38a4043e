// CUDA runtime services used by the core (device listing, memory, copies).
#include <cstdlib>

#include "core/cuda_api.h"
#include "runtime/check.h"

namespace ventris::cuda {

bool sync_debug_enabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("VENTRIS_CUDA_SYNC_DEBUG");
    return v && *v && *v != '0';
  }();
  return enabled;
}

}  // namespace ventris::cuda

namespace ventris::cuda::runtime {

bool compiled_in() { return true; }

std::vector<DeviceInfo> list_devices(std::string* why_none) {
  int count = 0;
  cudaError_t status = cudaGetDeviceCount(&count);
  std::vector<DeviceInfo> devices;
  if (status != cudaSuccess) {
    // No driver, a driver older than the toolkit, or no device: not an error here.
    if (why_none) *why_none = cudaGetErrorString(status);
    cudaGetLastError();  // clear the sticky error
    return devices;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    devices.push_back({i, prop.name, prop.major, prop.minor, prop.totalGlobalMem});
  }
  if (devices.empty() && why_none) *why_none = "no CUDA device found";
  return devices;
}

void require_device(int index) {
  std::string why;
  auto devices = list_devices(&why);
  const std::string name = "cuda:" + std::to_string(index);
  if (devices.empty()) throw Error("cannot use " + name + ": " + why);
  if (index >= static_cast<int>(devices.size()))
    throw Error("cannot use " + name + ": only " + std::to_string(devices.size()) + " CUDA device(s) present");
}

void* device_malloc(int index, size_t bytes) {
  VENTRIS_CUDA_CHECK(cudaSetDevice(index));
  void* ptr = nullptr;
  cudaError_t status = cudaMalloc(&ptr, bytes);
  if (status != cudaSuccess) {
    cudaGetLastError();
    throw Error("out of memory on cuda:" + std::to_string(index) + " allocating " + std::to_string(bytes) + " bytes");
  }
  return ptr;
}

void device_free(int index, void* ptr) {
  VENTRIS_CUDA_CHECK(cudaSetDevice(index));
  VENTRIS_CUDA_CHECK(cudaFree(ptr));
}

void copy_host_to_device(int index, void* dst, const void* src, size_t bytes) {
  VENTRIS_CUDA_CHECK(cudaSetDevice(index));
  VENTRIS_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice));
}

void copy_device_to_host(int index, void* dst, const void* src, size_t bytes) {
  VENTRIS_CUDA_CHECK(cudaSetDevice(index));
  VENTRIS_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost));
}

void copy_device_to_device(int index, void* dst, const void* src, size_t bytes) {
  VENTRIS_CUDA_CHECK(cudaSetDevice(index));
  VENTRIS_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice));
}

}  // namespace ventris::cuda::runtime
