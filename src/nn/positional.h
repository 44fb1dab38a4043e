// Sinusoidal positional embeddings, fairseq convention (architectures.md §1.1):
// half = D/2, f_i = exp(-i·ln(10000)/(half-1)), PE(p) = [sin(p·f), cos(p·f)]
// (all sines, then all cosines — not interleaved), a zero column when D is
// odd. Real tokens take positions from kFirstPosition on (fairseq counts from
// its pad index + 1 = 2); pad tokens get a zero vector. Keeping fairseq's exact
// table lets fairseq checkpoints be imported and compared.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::nn {

constexpr int64_t kFirstPosition = 2;

// [num_positions, dim] table of PE(0) ... PE(num_positions - 1), computed in double.
Tensor sinusoidal_table(int64_t num_positions, int64_t dim);

// Positions for a right-padded batch: ids [B, T] (I32) -> [B, T, D] embeddings,
// token t of a sentence at position kFirstPosition + t (+ `offset`, the step
// during incremental decoding), zero rows where ids == pad_id.
Tensor sinusoidal_positions(const Tensor& ids, int64_t dim, int32_t pad_id, int64_t offset = 0);

// Position ids for learned positional embeddings (fairseq's
// LearnedPositionalEmbedding): ids [B, T] I32 -> [B, T] I32 holding
// kFirstPosition + offset + t for real tokens and pad_id for pads, whose
// table row stays zero. A table needs max_positions + kFirstPosition rows.
Tensor position_ids(const Tensor& ids, int32_t pad_id, int64_t offset = 0);

}  // namespace ventris::nn
