// The few CUDA runtime services the core needs. Implemented in cuda/runtime
// when the CUDA backend is compiled in, and by cuda_api_stub.cpp otherwise,
// where every call that needs a device throws a one-line error.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ventris::cuda {

struct DeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  size_t total_memory = 0;
};

// True when the binary contains the CUDA backend.
bool compiled_in();
// Devices the driver reports; empty when none (or no driver). `why_none`
// receives the reason when the list is empty.
std::vector<DeviceInfo> list_devices(std::string* why_none = nullptr);
// Throws Error unless device `index` exists and is usable.
void require_device(int index);

void* device_malloc(int index, size_t bytes);
void device_free(int index, void* ptr);
// Stream-ordered with every kernel. Up to 16 MiB it returns before the copy
// ran, the bytes staged in pinned memory (core/staging_ring.h); `src` may be
// reused at once either way.
void copy_host_to_device(int index, void* dst, const void* src, size_t bytes);
void copy_device_to_host(int index, void* dst, const void* src, size_t bytes);
void copy_device_to_device(int index, void* dst, const void* src, size_t bytes);

// Host emulation (tests): one pretend device `cuda:0` whose memory is host
// memory, so tensors "on the GPU" can be run through the emulated kernels.
void set_host_emulation(bool enabled);
bool host_emulation();

// The real runtime (cuda/runtime/cuda_api.cu) or, without CUDA, the stub
// (core/cuda_api_stub.cpp). core/cuda_api.cpp forwards to these unless host
// emulation is on.
namespace runtime {
bool compiled_in();
std::vector<DeviceInfo> list_devices(std::string* why_none);
void require_device(int index);
void* device_malloc(int index, size_t bytes);
void device_free(int index, void* ptr);
void copy_host_to_device(int index, void* dst, const void* src, size_t bytes);
void copy_device_to_host(int index, void* dst, const void* src, size_t bytes);
void copy_device_to_device(int index, void* dst, const void* src, size_t bytes);
}  // namespace runtime

}  // namespace ventris::cuda
