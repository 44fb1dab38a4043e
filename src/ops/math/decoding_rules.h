// The per-step rules of beam and greedy search on one log-probability,
// shared by the CPU and CUDA kernels (fairseq's rules, architectures.md §6):
// never pad or BOS; the unknown token penalised or banned; EOS banned before
// the minimum length; once a hypothesis reaches its maximum length, only EOS.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/host_device.h"

namespace ventris::math {

// Per-row state of a hypothesis, as bit flags.
inline constexpr int32_t kRowMustEnd = 1;    // at its maximum length: EOS or nothing
inline constexpr int32_t kRowEosBanned = 2;  // shorter than the minimum length

struct DecodingRules {
  int32_t pad = 1, bos = 0, eos = 2, unk = 3;  // ids outside [0, V) match no column
  float unk_penalty = 0.f;                     // subtracted from unk's log-probability
  bool no_unk = false;                         // unk never chosen
};

VENTRIS_HOST_DEVICE float ruled_logp(float x, int64_t token, int32_t row_flags, const DecodingRules& r) {
  const float kNever = -INFINITY;
  if (row_flags & kRowMustEnd) return token == r.eos ? x : kNever;
  if (token == r.pad || token == r.bos) return kNever;
  if (token == r.unk) return r.no_unk ? kNever : x - r.unk_penalty;
  if (token == r.eos && (row_flags & kRowEosBanned)) return kNever;
  return x;
}

}  // namespace ventris::math
