// The convolution branch of a Long-Short Range Attention sub-layer
// (architectures.md §3.1, §3.3): u = x W_1 + b_1 (or GLU of a twice-wide
// projection), padded positions of u zeroed (§3.4), a lightweight or dynamic
// convolution over time, then W_2. Lightweight kernels are parameters [H, K];
// dynamic kernels are predicted per position from u (W_dyn, no bias). Both are
// softmax-normalised over the K taps, then DropConnect drops taps per
// (sentence, position, head) during training (the reference's unfold path;
// fairseq's CUDA path draws one mask per call instead — we do not copy that).
//
// Shapes: C branch width, H conv heads, K taps; u, x [B, T, C] (full pass) or
// [N, 1, C] (step).
#pragma once

#include <cstdint>
#include <string>

#include "models/decoder_pass.h"
#include "models/lite/lite_config.h"
#include "nn/layers.h"

namespace ventris::models {

class ConvBranch {
 public:
  // Registers <prefix>.linear1, .conv.weight (lightweight) or .conv.weight_linear (dynamic), .linear2.
  ConvBranch(ag::ParameterSet& params, const std::string& prefix, BranchKind kind, int64_t width, int64_t heads,
             int kernel, const LiteConfig& lite, uint64_t seed);

  // Full pass. keep [B, T, C] F32, 1 at real positions (undefined: nothing to
  // mask, e.g. the causal decoder); pad_left: K/2 centred (encoder) or K - 1
  // causal (decoder).
  ag::Var forward(const ag::Var& x, const Tensor& keep, int64_t pad_left, nn::ForwardContext& ctx) const;
  // One causal decoding step over the layer's window slot (K - 1 earlier u's).
  ag::Var step(const ag::Var& x, const LayerPass& at, size_t window_slot_index) const;
  // The window slot this branch keeps while decoding: rows [rows, K - 1, C].
  Slot start_slot(const std::string& name, int64_t rows, Device device) const;

  int kernel() const { return kernel_; }

 private:
  // u: the projection (and GLU) of x.
  ag::Var input(const ag::Var& x) const;
  // Normalised kernels: lightweight [H, K]; dynamic [B, T, H, K] from u [B, T, C].
  ag::Var kernels(const ag::Var& u) const;

  BranchKind kind_;
  int64_t width_, heads_;
  int kernel_;
  bool glu_, mask_before_linear_;
  float weight_dropout_;
  nn::Linear linear1_, weight_linear_, linear2_;
  ag::Var weight_;  // lightweight [H, K]
};

}  // namespace ventris::models
