// Incremental decoding state of an encoder-decoder (architectures.md §1.6,
// §2.1; design.md §4): per decoder layer the self-attention K/V caches, which
// grow by one position per step, and the cross-attention K/V projected once
// from the encoder output. The search owns it; every tensor's first dimension
// is N = sentences × beam, so one reorder(rows) follows the search's choice
// of surviving hypotheses (beam origins, retired sentences).
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace ventris::models {

struct DecoderLayerState {
  Tensor self_k, self_v;    // [N, H, t, Dh] after t steps (undefined before the first)
  Tensor cross_k, cross_v;  // [N, H, S, Dh], static
};

class DecoderState {
 public:
  std::vector<DecoderLayerState> layers;
  Tensor src_padding;  // [N, S] I32, nonzero = pad
  int64_t steps = 0;   // target tokens fed so far (t)
  // The source sentence of each row. The static tensors (cross K/V, padding)
  // are a function of it alone, so a reorder that keeps every row's sentence
  // (a beam reshuffling its own hypotheses) skips gathering them.
  std::vector<int64_t> sentence_of_row;

  int64_t rows() const { return src_padding.defined() ? src_padding.size(0) : 0; }
  // Row i of the new state is row rows[i] of the old one (duplicates expand a
  // sentence to its beam, omissions retire rows). The identity is free.
  void reorder(const std::vector<int64_t>& rows);
};

// Rows `rows` of x along dim 0: x [N, ...] -> [rows.size(), ...] (F32 or I32,
// through the embedding gather, on x's device).
Tensor gather_rows(const Tensor& x, const std::vector<int64_t>& rows);

}  // namespace ventris::models
