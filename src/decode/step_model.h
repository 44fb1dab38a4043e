// What a search needs from a model: one row of decoder state per open
// hypothesis, the next token's log-probabilities per row, and a row gather.
// Every model family implements it through decode/model_step_model.h; tests implement
// it with fixed score tables so the search can be checked exhaustively.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace ventris::decode {

// fairseq's dictionary layout, as data/spm_vocab.h defines it.
struct SpecialTokens {
  int32_t bos = 0, pad = 1, eos = 2, unk = 3;
};

class StepModel {
 public:
  virtual ~StepModel() = default;
  virtual int64_t vocab_size() const = 0;
  virtual SpecialTokens specials() const { return {}; }
  // Longest hypothesis the model can score, in tokens before EOS.
  virtual int64_t max_output_tokens() const = 0;
  // Begins a batch: one state row per source (ids ending with EOS).
  virtual void start(const std::vector<std::vector<int32_t>>& sources) = 0;
  // The previous token of every row (EOS at the first step) -> log-probabilities
  // [N, V] of the next token, F32 on the model's device (the search ranks them
  // there: decode/row_candidates.h). The search may overwrite them.
  virtual Tensor step(const std::vector<int32_t>& last_tokens) = 0;
  // Row i of the new state is old row rows[i].
  virtual void reorder(const std::vector<int64_t>& rows) = 0;
};

}  // namespace ventris::decode
