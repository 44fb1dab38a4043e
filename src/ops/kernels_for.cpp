#include "ops/kernels_for.h"

#include <atomic>

#include "core/error.h"

#if VENTRIS_WITH_CUDA
namespace ventris::cuda_kernels {
const ops::KernelTable& kernel_table();  // cuda/ops/kernel_table.cu
}
#endif

namespace ventris::ops {

namespace {
std::atomic<const KernelTable*> g_cuda_override{nullptr};
}

void set_cuda_kernel_table(const KernelTable* table) { g_cuda_override = table; }

const KernelTable& kernels_for(Device device) {
  if (device.is_cpu()) return cpu_kernel_table();
  if (const KernelTable* t = g_cuda_override.load()) return *t;
#if VENTRIS_WITH_CUDA
  return cuda_kernels::kernel_table();
#else
  throw Error("this ventris binary was built without CUDA support (rebuild with -DVENTRIS_CUDA=ON)");
#endif
}

}  // namespace ventris::ops
