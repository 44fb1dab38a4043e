// Long-Short Range Attention (architectures.md §3.1-3.2): the self-attention
// sub-layer of a Lite Transformer layer, split over contiguous channel slices
// into branches — attention branches (multi-head attention as narrow as
// their slice) and convolution branches (models/lite/conv_branch.h) — whose
// outputs are concatenated back to D channels, with no mixing projection.
// Encoder: attention masks source padding, convolutions are centred and see
// zeros at padded positions. Decoder: causal attention and causal
// convolutions, written once for the full pass and the incremental step.
//
// Shapes: x [B, T, D] (full pass) or [N, 1, D] (step) -> the same.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "models/attention_blocks.h"
#include "models/lite/conv_branch.h"

namespace ventris::models {

class LsraAttention {
 public:
  // Registers <prefix>.branches.<i>.* for each branch in declaration order;
  // `layer_kernel` is the layer's entry of the kernel size list.
  LsraAttention(ag::ParameterSet& params, const std::string& prefix, const std::vector<BranchSpec>& branches,
                int layer_kernel, float attention_dropout, const LiteConfig& lite, uint64_t seed);

  // Encoder: padding [B, S] I32, nonzero = pad.
  ag::Var encode(const ag::Var& x, const Tensor& padding, nn::ForwardContext& ctx) const;
  // Decoder, either pass; the branches' slots start at `first_slot` of the layer.
  ag::Var decode(const ag::Var& x, const LayerPass& at, size_t first_slot, nn::ForwardContext& ctx) const;
  // The decoding slots, in branch order: attention K and V (growing), conv window.
  void add_slots(std::vector<Slot>& slots, int64_t rows, Device device) const;
  size_t slot_count() const;

 private:
  using Branch = std::variant<nn::MultiHeadAttention, ConvBranch>;
  std::vector<Branch> branches_;
  std::vector<int64_t> widths_;
};

}  // namespace ventris::models
