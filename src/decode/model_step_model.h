// Any model family behind the search's StepModel interface: sources encoded
// per source length, decoded as one batch; its incremental DecoderState as
// the rows.
#pragma once

#include "decode/step_model.h"
#include "models/encoder_decoder.h"

namespace ventris::decode {

// The model's special ids: fairseq's dictionary layout (data/spm_vocab.h)
// with the pad id the model was built with.
SpecialTokens special_tokens(const models::EncoderDecoder& model);

class ModelStepModel : public StepModel {
 public:
  explicit ModelStepModel(const models::EncoderDecoder& model) : model_(model) {}

  int64_t vocab_size() const override { return model_.vocab().tgt_size; }
  SpecialTokens specials() const override { return special_tokens(model_); }
  // The decoder reads EOS + every token but the final EOS at positions < max_positions.
  int64_t max_output_tokens() const override { return model_.config().max_positions - 1; }
  void start(const std::vector<std::vector<int32_t>>& sources) override;
  Tensor step(const std::vector<int32_t>& last_tokens) override;
  void reorder(const std::vector<int64_t>& rows) override { state_.reorder(rows); }

 private:
  const models::EncoderDecoder& model_;
  models::DecoderState state_;
};

// Right-padded [B, S] I32 batch of `sources` (S = the longest).
Tensor pad_batch(const std::vector<std::vector<int32_t>>& sources, int32_t pad_id);

}  // namespace ventris::decode
