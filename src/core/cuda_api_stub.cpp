// Used when the binary is built without the CUDA backend (VENTRIS_CUDA=OFF or
// no nvcc): every device request fails with the same clear message.
#include "core/cuda_api.h"
#include <string>

#include "core/error.h"

namespace ventris::cuda::runtime {

namespace {
[[noreturn]] void not_compiled() {
  throw Error("this ventris binary was built without CUDA support (rebuild with -DVENTRIS_CUDA=ON)");
}
}  // namespace

bool compiled_in() { return false; }
std::vector<DeviceInfo> list_devices(std::string* why_none) {
  if (why_none) *why_none = "CUDA not compiled in";
  return {};
}
void require_device(int index) {
  throw Error("cannot use cuda:" + std::to_string(index) +
              ": this ventris binary was built without CUDA support (rebuild with -DVENTRIS_CUDA=ON)");
}
void* device_malloc(int, size_t) { not_compiled(); }
void device_free(int, void*) { not_compiled(); }
void copy_host_to_device(int, void*, const void*, size_t) { not_compiled(); }
void copy_device_to_host(int, void*, const void*, size_t) { not_compiled(); }
void copy_device_to_device(int, void*, const void*, size_t) { not_compiled(); }

}  // namespace ventris::cuda::runtime
