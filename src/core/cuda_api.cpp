// Forwards the core's CUDA services to the runtime, or to host memory when
// host emulation is on (tests run the CUDA code path without a GPU).
#include "core/cuda_api.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace ventris::cuda {

namespace {
std::atomic<bool> g_host_emulation{false};
}

void set_host_emulation(bool enabled) { g_host_emulation = enabled; }
bool host_emulation() { return g_host_emulation; }

bool compiled_in() { return runtime::compiled_in(); }

std::vector<DeviceInfo> list_devices(std::string* why_none) {
  if (host_emulation()) return {DeviceInfo{0, "CUDA emulator (host memory)", 0, 0, 0}};
  return runtime::list_devices(why_none);
}

void require_device(int index) {
  if (host_emulation()) {
    VENTRIS_CHECK(index == 0, "cannot use cuda:{}: the CUDA emulator has one device", index);
    return;
  }
  runtime::require_device(index);
}

void* device_malloc(int index, size_t bytes) {
  if (host_emulation()) {
    void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    VENTRIS_CHECK(p != nullptr, "out of memory on emulated cuda:{} allocating {} bytes", index, bytes);
    return p;
  }
  return runtime::device_malloc(index, bytes);
}

void device_free(int index, void* ptr) {
  if (host_emulation()) return std::free(ptr);
  runtime::device_free(index, ptr);
}

void copy_host_to_device(int index, void* dst, const void* src, size_t bytes) {
  if (host_emulation()) return void(std::memmove(dst, src, bytes));
  runtime::copy_host_to_device(index, dst, src, bytes);
}

void copy_device_to_host(int index, void* dst, const void* src, size_t bytes) {
  if (host_emulation()) return void(std::memmove(dst, src, bytes));
  runtime::copy_device_to_host(index, dst, src, bytes);
}

void copy_device_to_device(int index, void* dst, const void* src, size_t bytes) {
  if (host_emulation()) return void(std::memmove(dst, src, bytes));
  runtime::copy_device_to_device(index, dst, src, bytes);
}

}  // namespace ventris::cuda
