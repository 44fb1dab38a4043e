// CUDA runtime services used by the core (device listing, memory, copies).
#include <cstdlib>
#include <map>
#include <mutex>

#include "core/cuda_api.h"
#include "core/staging_ring.h"
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

namespace {

// Page-locked buffers and events on the current device; copies and events
// on the legacy default stream, the one every kernel and cuBLAS call uses,
// so a staged batch is ordered before the kernels that read it.
class CudaStagingDevice final : public StagingDevice {
 public:
  void* allocate_pinned(size_t bytes) override {
    void* p = nullptr;
    VENTRIS_CUDA_CHECK(cudaHostAlloc(&p, bytes, cudaHostAllocDefault));
    return p;
  }
  void free_pinned(void* ptr) override { VENTRIS_CUDA_CHECK(cudaFreeHost(ptr)); }
  void* create_event() override {
    cudaEvent_t e = nullptr;
    VENTRIS_CUDA_CHECK(cudaEventCreateWithFlags(&e, cudaEventDisableTiming));
    return e;
  }
  void destroy_event(void* event) override { VENTRIS_CUDA_CHECK(cudaEventDestroy(static_cast<cudaEvent_t>(event))); }
  void copy_async(void* dst, const void* src, size_t bytes) override {
    VENTRIS_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, nullptr));
  }
  void record_event(void* event) override {
    VENTRIS_CUDA_CHECK(cudaEventRecord(static_cast<cudaEvent_t>(event), nullptr));
  }
  void wait_event(void* event) override { VENTRIS_CUDA_CHECK(cudaEventSynchronize(static_cast<cudaEvent_t>(event))); }
};

// Four buffers: a batch's few tensors go up without waiting on each other.
// Copies above 16 MiB (parameters, once) stay synchronous.
constexpr size_t kStagingBuffers = 4;
constexpr size_t kMaxStagedBytes = size_t{16} << 20;

StagingRing& staging_ring(int index) {
  static std::mutex mutex;
  static auto* rings = new std::map<int, StagingRing*>();  // leaked: must outlive static tensors
  std::lock_guard lock(mutex);
  StagingRing*& ring = (*rings)[index];
  if (!ring) ring = new StagingRing(*new CudaStagingDevice(), kStagingBuffers, kMaxStagedBytes);
  return *ring;
}

}  // namespace

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
  StagingRing& ring = staging_ring(index);
  if (bytes <= ring.max_bytes()) return ring.copy(dst, src, bytes);
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
