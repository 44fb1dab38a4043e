// Force-included (-include) when a .cu kernel source is compiled by the host
// compiler for tests: provides the CUDA built-ins on top of the emulator.
// Only the subset our kernels use is provided; anything else fails to compile,
// which is the point.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "emulate/emulator.h"

#define VENTRIS_CUDA_EMULATION 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __restrict__ __restrict
// Static shared arrays: function-level statics, shared by the fibers of a block
// (blocks run one at a time on the launching thread).
#define __shared__ static thread_local

using dim3 = ::ventris::emu::Dim3;
struct uint3 {
  unsigned x, y, z;
};
#define threadIdx (::ventris::emu::coords().thread_idx)
#define blockIdx (::ventris::emu::coords().block_idx)
#define blockDim (::ventris::emu::coords().block_dim)
#define gridDim (::ventris::emu::coords().grid_dim)
constexpr int warpSize = 32;

inline void __syncthreads() { ::ventris::emu::syncthreads(); }

template <class T>
inline T __emu_from_bits(uint64_t bits) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>);
  T v;
  std::memcpy(&v, &bits, sizeof(T));
  return v;
}
template <class T>
inline uint64_t __emu_to_bits(T v) {
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof(T));
  return bits;
}
// Source lane within a segment of `width` lanes, as CUDA defines it.
inline int __emu_segment_base(int width) { return (::ventris::emu::lane_id() / width) * width; }

template <class T>
inline T __shfl_sync(unsigned mask, T v, int src, int width = warpSize) {
  int lane = __emu_segment_base(width) + (src % width);
  return __emu_from_bits<T>(::ventris::emu::warp_exchange(mask, __emu_to_bits(v), lane));
}
template <class T>
inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
  int lane = ::ventris::emu::lane_id();
  int base = __emu_segment_base(width);
  int src = lane + static_cast<int>(delta);
  if (src >= base + width) src = lane;  // out of the segment: keep own value
  return __emu_from_bits<T>(::ventris::emu::warp_exchange(mask, __emu_to_bits(v), src));
}
template <class T>
inline T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
  int lane = ::ventris::emu::lane_id();
  int base = __emu_segment_base(width);
  int src = lane - static_cast<int>(delta);
  if (src < base) src = lane;
  return __emu_from_bits<T>(::ventris::emu::warp_exchange(mask, __emu_to_bits(v), src));
}
template <class T>
inline T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = warpSize) {
  int lane = ::ventris::emu::lane_id();
  int base = __emu_segment_base(width);
  int src = lane ^ lane_mask;
  if (src < base || src >= base + width) src = lane;
  return __emu_from_bits<T>(::ventris::emu::warp_exchange(mask, __emu_to_bits(v), src));
}
inline unsigned __ballot_sync(unsigned mask, int predicate) { return ::ventris::emu::warp_ballot(mask, predicate); }
inline int __any_sync(unsigned mask, int predicate) { return ::ventris::emu::warp_ballot(mask, predicate) != 0; }
inline int __all_sync(unsigned mask, int predicate) {
  return ::ventris::emu::warp_ballot(mask, predicate) == (mask & ::ventris::emu::warp_ballot(mask, 1));
}

// Atomics: fibers of a block are cooperative, but stay correct if blocks ever
// run on several OS threads.
template <class T>
inline T atomicAdd(T* address, T value) {
  return std::atomic_ref<T>(*address).fetch_add(value);
}
template <class T>
inline T atomicMax(T* address, T value) {
  std::atomic_ref<T> ref(*address);
  T old = ref.load();
  while (old < value && !ref.compare_exchange_weak(old, value)) {
  }
  return old;
}
template <class T>
inline T atomicCAS(T* address, T compare, T value) {
  std::atomic_ref<T>(*address).compare_exchange_strong(compare, value);
  return compare;
}

inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float rsqrtf(float x) { return 1.f / std::sqrt(x); }
inline float __fdividef(float a, float b) { return a / b; }
