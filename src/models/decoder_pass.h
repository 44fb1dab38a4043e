// The two ways a decoder runs, seen by its layers: the full teacher-forced
// pass (every target position at once, the encoder output, causal masking;
// training, validation loss, forced decoding) and one incremental step (the
// newest position only, the layer's slots in the decoder state; search). A
// layer's sub-blocks are written once and ask the pass which mode they run in;
// only the attention over earlier positions differs (models/attention_blocks.h).
#pragma once

#include <cstddef>

#include "autograd/variable.h"
#include "models/decoder_state.h"

namespace ventris::models {

class DecoderPass {
 public:
  // encoder_out [B, S, D]; source_padding [B, S] I32, nonzero = pad.
  static DecoderPass full(const ag::Var& encoder_out, const Tensor& source_padding) {
    DecoderPass p;
    p.encoder_out_ = &encoder_out;
    p.source_padding_ = source_padding;
    return p;
  }
  // Inside a step of `state` (begin_step ... end_step).
  static DecoderPass step(DecoderState& state) {
    DecoderPass p;
    p.state_ = &state;
    return p;
  }

  bool incremental() const { return state_ != nullptr; }
  const ag::Var& encoder_out() const { return *encoder_out_; }      // full pass only
  const Tensor& source_padding() const { return source_padding_; }  // full pass only
  DecoderState& state() const { return *state_; }                   // step only

 private:
  DecoderPass() = default;
  const ag::Var* encoder_out_ = nullptr;
  Tensor source_padding_;
  DecoderState* state_ = nullptr;
};

// A pass as one decoder layer sees it: the pass and the layer's index in the state.
struct LayerPass {
  const DecoderPass& pass;
  size_t layer = 0;
  bool incremental() const { return pass.incremental(); }
};

}  // namespace ventris::models
