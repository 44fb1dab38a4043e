// Incremental decoding state of an encoder-decoder (architectures.md §1.6,
// §2.1; design.md §4): per decoder layer the self-attention K/V caches, which
// grow by one position per step, and the cross-attention K/V projected once
// from the encoder output. The search owns it. Self-attention caches have one
// row per open hypothesis (N = sentences × beam); the cross-attention K/V
// have one entry per source sentence, shared by all rows of that sentence
// (row_sentence), so a beam does not copy them and reorder never gathers
// them. Caches are position-major raw projections: [rows, capacity, D] with
// head h in columns [h·Dh, (h+1)·Dh), as ops::decoder_attention reads them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace ventris::models {

struct DecoderLayerState {
  // [N, C, D] holding t positions after t steps, C >= t (ops::cache_append
  // grows the capacity in chunks); undefined before the first step; see reorder.
  Tensor self_k, self_v;
  Tensor cross_k, cross_v;  // [B, S, D], static; entry b's keys past source_lengths[b] are never read
};

class DecoderState {
 public:
  std::vector<DecoderLayerState> layers;
  int64_t steps = 0;  // target tokens fed so far (t)
  // Per row: its source sentence (the cross K/V entry it reads).
  std::vector<int64_t> sentence_of_row;
  // Per source sentence: its unpadded length (cross-attention keys read).
  std::vector<int32_t> source_lengths;
  // The two vectors above as I32 tensors on the model's device.
  Tensor row_sentence, source_lengths_tensor;
  // Reorders not yet applied to the self-attention caches, composed.
  std::vector<int64_t> pending_rows;
  bool reorder_pending = false;

  int64_t rows() const { return static_cast<int64_t>(sentence_of_row.size()); }
  // Row i of the new state is row rows[i] of the old one (duplicates expand a
  // sentence to its beam, omissions retire rows). The identity is free. The
  // self-attention caches are gathered lazily, in the same copy that appends
  // the next step's K/V (take_pending_rows); until then they keep the old rows.
  void reorder(const std::vector<int64_t>& rows);
  // The cache row each current row continues, as an I32 tensor on the
  // caches' device (undefined: row i continues row i), and forgets it.
  Tensor take_pending_rows();
  // Rebuilds row_sentence / source_lengths_tensor from the vectors on `device`.
  void upload_indices(Device device);
};

// One state for several groups of sentences started separately (each group
// of one source length, so its encoder ran unpadded): sentences and rows in
// group order, the cross K/V entries right-padded with zeros to the longest
// source (never read: attention stops at each source's length), so every row
// decodes exactly as it would alone. Parts must come from the same model and
// not have stepped.
DecoderState concat_states(std::vector<DecoderState> parts);

}  // namespace ventris::models
