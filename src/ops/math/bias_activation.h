// The elementwise core of a feed-forward block's first half, shared by the
// CPU and CUDA kernels: pre = x + bias, y = dropout(act(pre)), and back.
// Written as the unfused ops compute it (the same float operations in the
// same order), so fusing changes no bits.
#pragma once

#include <cstdint>

#include "core/host_device.h"
#include "core/philox.h"
#include "ops/math/activations.h"

namespace ventris::math {

enum class Activation : int32_t { Relu = 0, Gelu = 1 };

VENTRIS_HOST_DEVICE float activate(Activation act, float pre) { return act == Activation::Gelu ? gelu(pre) : relu(pre); }

// d act / d pre times g. ReLU's unfused backward tests its output (> 0),
// which is the same as testing `pre`.
VENTRIS_HOST_DEVICE float activation_backward(Activation act, float pre, float g) {
  return act == Activation::Gelu ? g * gelu_grad(pre) : (relu(pre) > 0.f ? g : 0.f);
}

// Dropout's factor for element i (0 or 1/(1-p)), from the four uniforms of
// Philox block i/4 (core/philox.h), exactly as ops::dropout draws them.
VENTRIS_HOST_DEVICE Philox4 dropout_block(uint64_t block, uint64_t seed, uint64_t stream) {
  Philox4 counter{{static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32), static_cast<uint32_t>(stream),
                   static_cast<uint32_t>(stream >> 32)}};
  return philox4x32_10(counter, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

// Calls f(i, factor) for the elements of group g (4g ... 4g + 3, those below
// n), factor being dropout's 0 or 1/(1-p) for that element, or 1 when p = 0
// (a product with 1 changes no bits). Both kernels walk elements this way.
template <class F>
VENTRIS_HOST_DEVICE void for_dropout_group(int64_t group, int64_t n, float p, uint64_t seed, uint64_t stream, F&& f) {
  const float keep_scale = 1.f / (1.f - p);
  const Philox4 r = p > 0.f ? dropout_block(static_cast<uint64_t>(group), seed, stream) : Philox4{};
  for (int k = 0; k < 4; ++k) {
    const int64_t i = group * 4 + k;
    if (i >= n) return;
    f(i, p > 0.f ? (philox_uniform(r.v[k]) >= p ? keep_scale : 0.f) : 1.f);
  }
}

}  // namespace ventris::math
