// Label-smoothing weights shared by the CPU and CUDA cross-entropy kernels.
#pragma once

#include "core/host_device.h"

namespace ventris::math {

// fairseq: eps_i = eps / (V - 1); the target gets 1 - eps - eps_i extra weight.
VENTRIS_HOST_DEVICE float smoothing_eps_i(float epsilon, long long vocab) {
  return vocab > 1 ? epsilon / static_cast<float>(vocab - 1) : 0.f;
}
VENTRIS_HOST_DEVICE float smoothing_target_weight(float epsilon, long long vocab) {
  return 1.f - epsilon - smoothing_eps_i(epsilon, vocab);
}

}  // namespace ventris::math
