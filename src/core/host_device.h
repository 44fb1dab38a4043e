// VENTRIS_HOST_DEVICE marks scalar math that the CPU backend, the CUDA kernels
// and the CUDA emulator must share, so all three compute the same bits.
#pragma once

#if defined(__CUDACC__)
#define VENTRIS_HOST_DEVICE __host__ __device__ __forceinline__
#else
#define VENTRIS_HOST_DEVICE inline
#endif
