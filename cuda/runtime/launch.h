// The one way kernels are launched. Under nvcc it is a <<<...>>> launch
// followed by the launch check; when a .cu source is compiled by the host
// compiler for tests (cuda/emulate/cuda_emulation.h force-included) it runs
// the kernel in the CPU emulator.
#pragma once

#if defined(VENTRIS_CUDA_EMULATION)
#include "emulate/emulator.h"
#define VENTRIS_LAUNCH(kernel, grid, block, shared_bytes, stream, ...) \
  ::ventris::emu::launch((grid), (block), (shared_bytes), [&] { kernel(__VA_ARGS__); })
// Dynamic shared memory: `extern __shared__` has no host equivalent.
#define VENTRIS_DYNAMIC_SHARED(type, name) type* name = static_cast<type*>(::ventris::emu::dynamic_shared())
#else
#include "runtime/check.h"
#define VENTRIS_LAUNCH(kernel, grid, block, shared_bytes, stream, ...)  \
  do {                                                                  \
    kernel<<<(grid), (block), (shared_bytes), (stream)>>>(__VA_ARGS__); \
    VENTRIS_CUDA_CHECK_LAUNCH();                                        \
  } while (0)
#define VENTRIS_DYNAMIC_SHARED(type, name) \
  extern __shared__ unsigned char name##_raw_[]; \
  type* name = reinterpret_cast<type*>(name##_raw_)
#endif
