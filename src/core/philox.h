// Philox 4x32-10 counter-based RNG (Salmon et al., SC'11). A random number is
// a pure function of (key, counter), so a dropout mask is the same for any
// thread count, in the CUDA emulator and on a GPU.
#pragma once

#include <cstdint>

#include "core/host_device.h"

namespace ventris {

struct Philox4 {
  uint32_t v[4];
};

VENTRIS_HOST_DEVICE void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  uint64_t product = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(product >> 32);
  lo = static_cast<uint32_t>(product);
}

// Ten rounds over the 128-bit counter with a 64-bit key.
VENTRIS_HOST_DEVICE Philox4 philox4x32_10(Philox4 counter, uint32_t key0, uint32_t key1) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(kMul0, counter.v[0], hi0, lo0);
    philox_mulhilo(kMul1, counter.v[2], hi1, lo1);
    counter = Philox4{{hi1 ^ counter.v[1] ^ key0, lo1, hi0 ^ counter.v[3] ^ key1, lo0}};
    key0 += kWeyl0;
    key1 += kWeyl1;
  }
  return counter;
}

// Uniform float in [0, 1) from 24 random bits.
VENTRIS_HOST_DEVICE float philox_uniform(uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

// Uniform [0,1) for element `index` of the stream (seed, stream_offset): each
// Philox call yields four numbers, so element i uses word i%4 of block i/4.
VENTRIS_HOST_DEVICE float philox_uniform_at(uint64_t seed, uint64_t stream_offset, uint64_t index) {
  uint64_t block = index >> 2;
  Philox4 counter{{static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
                   static_cast<uint32_t>(stream_offset), static_cast<uint32_t>(stream_offset >> 32)}};
  Philox4 r = philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  return philox_uniform(r.v[index & 3]);
}

}  // namespace ventris
