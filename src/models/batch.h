// What a model trains on and what its loss returns.
#pragma once

#include <cstdint>

#include "autograd/variable.h"
#include "core/tensor.h"

namespace ventris::models {

// One training batch, right-padded. tgt_in = EOS y1..y(n-1), tgt_out = y1..yn EOS.
struct Batch {
  Tensor src;      // [B, S] I32
  Tensor tgt_in;   // [B, T] I32
  Tensor tgt_out;  // [B, T] I32
};

struct LossOutput {
  ag::Var loss;        // [] label-smoothed, summed over target tokens
  Tensor nll;          // [] summed NLL
  int64_t tokens = 0;  // non-pad target tokens
};

// The vocabularies' sizes as the embeddings see them.
struct Vocab {
  int64_t src_size = 0, tgt_size = 0;
  int32_t pad_id = 0;
};

}  // namespace ventris::models
