// The Lite Transformer's keys (architectures.md §3), flat under `model:` and
// held by ModelConfig as its `lite` member. They take effect with
// model.arch = lite; set while another arch is chosen they are an error.
//
// A layer's self-attention sub-layer is split into branches over contiguous
// channel slices (Long-Short Range Attention), declared as the reference code
// does: "type:kernel:dim:heads", e.g. "attn:1:D/2:4" + "dynamic:default:D/2:4".
//   type    attn | lightweight | dynamic
//   kernel  attn: 1; conv: an odd size, or `default` (the layer's entry of
//           lite_encoder_kernel_sizes / lite_decoder_kernel_sizes)
//   dim     channels, an integer or D/n (model.d_model divided by n)
//   heads   attention heads, or convolution heads (kernels per branch)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/schema.h"

namespace ventris::models {

enum class BranchKind { kAttention, kLightweight, kDynamic };

struct BranchSpec {
  BranchKind kind = BranchKind::kAttention;
  int kernel = 0;  // conv branches: 0 = the layer's default size
  int64_t dim = 0;
  int64_t heads = 0;
  // The kernel this branch uses in a layer whose list entry is `layer_default`.
  int kernel_in_layer(int layer_default) const { return kernel > 0 ? kernel : layer_default; }
};

struct LiteConfig {
  // Branch declarations; empty = attn:1:D/2:4 + lightweight:default:D/2:4.
  std::vector<std::string> branches;
  std::vector<int> encoder_kernel_sizes = {3, 7, 15, 31, 31, 31};  // one odd size per encoder layer
  std::vector<int> decoder_kernel_sizes = {3, 7, 15, 31, 31, 31};  // one odd size per decoder layer
  bool glu = false;                  // dynamic/lightweight input: GLU(x W_1), W_1 twice as wide
  double weight_dropout = 0.0;       // DropConnect on the normalised kernels, per (sentence, position, head)
  bool mask_before_linear = false;   // reference placement of the pad mask (before W_1), for imported checkpoints

  void describe(config::Schema& s);
  // Errors name the key. `active`: model.arch is lite.
  void validate(bool active, int64_t d_model, int encoder_layers, int decoder_layers) const;
  // The declarations resolved against d_model (validate first).
  std::vector<BranchSpec> branch_specs(int64_t d_model) const;
  bool is_default() const;
};

// One declaration -> its spec; throws an Error naming model.lite_branches.
BranchSpec parse_branch(const std::string& text, int64_t d_model);

}  // namespace ventris::models
