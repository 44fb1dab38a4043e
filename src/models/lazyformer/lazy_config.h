// LazyFormer's keys (architectures.md §4), flat under `model:` beside the
// Transformer's: which layers share one attention distribution (block sizes
// per attention kind) and how dropout treats a shared distribution. A member
// of ModelConfig, so model files carry it; files written before these keys
// existed load with the defaults (every block of size 1).
#pragma once

#include <string>
#include <vector>

#include "config/enum_names.h"
#include "config/schema.h"

namespace ventris::models {

// Attention-probability dropout on a block's shared distribution P_b (§4.1):
// each layer its own mask, one mask for the whole block, or none at all.
enum class LazyProbDropout { kPerLayer, kShared, kNone };
constexpr auto enum_names(LazyProbDropout) {
  using enum LazyProbDropout;
  return config::enum_table<LazyProbDropout>({{kPerLayer, "per-layer"}, {kShared, "shared"}, {kNone, "none"}});
}

struct LazyConfig {
  std::vector<int> blocks_enc;         // encoder self-attention block sizes, summing to L_e (empty = all 1)
  std::vector<int> blocks_dec_self;    // decoder self-attention, summing to L_d
  std::vector<int> blocks_dec_cross;   // decoder cross-attention, summing to L_d
  LazyProbDropout prob_dropout = LazyProbDropout::kPerLayer;

  // Registers lazy_blocks_enc, lazy_blocks_dec_self, lazy_blocks_dec_cross, lazy_prob_dropout.
  void describe(config::Schema& s);
  // Throws one line naming the key: a zero or negative size, sizes that do
  // not sum to the layer count, or any lazy key set while `arch` is another
  // family than lazyformer.
  void validate(const std::string& arch, int encoder_layers, int decoder_layers) const;
};

// Per layer, whether it heads its block (computes the distribution) for the
// given block sizes; empty sizes = every layer a head. Sizes must be valid.
std::vector<bool> block_heads(const std::vector<int>& block_sizes, int layers);

}  // namespace ventris::models
