#include "models/lazyformer/lazy_config.h"

#include <numeric>

#include "core/error.h"

namespace ventris::models {

namespace {

constexpr const char* kLazyArch = "lazyformer";

void validate_blocks(const char* key, const std::vector<int>& sizes, int layers) {
  if (sizes.empty()) return;
  for (int size : sizes) VENTRIS_CHECK(size >= 1, "model.{}: block sizes must be >= 1, got {}", key, size);
  const int total = std::accumulate(sizes.begin(), sizes.end(), 0);
  VENTRIS_CHECK(total == layers, "model.{}: block sizes sum to {}, but there are {} layers", key, total, layers);
}

}  // namespace

void LazyConfig::describe(config::Schema& s) {
  s.field("lazy_blocks_enc", &blocks_enc,
          "lazyformer: encoder self-attention blocks, sizes summing to encoder_layers (empty = all 1)")
      .range = config::between(1, 1000);
  s.field("lazy_blocks_dec_self", &blocks_dec_self,
          "lazyformer: decoder self-attention blocks, sizes summing to decoder_layers (empty = all 1)")
      .range = config::between(1, 1000);
  s.field("lazy_blocks_dec_cross", &blocks_dec_cross,
          "lazyformer: decoder cross-attention blocks, sizes summing to decoder_layers (empty = all 1)")
      .range = config::between(1, 1000);
  s.field("lazy_prob_dropout", &prob_dropout,
          "lazyformer: attention dropout on a shared distribution: a mask per layer, per block, or none");
}

void LazyConfig::validate(const std::string& arch, int encoder_layers, int decoder_layers) const {
  if (arch != kLazyArch) {
    for (auto [key, sizes] : {std::pair{"lazy_blocks_enc", &blocks_enc}, {"lazy_blocks_dec_self", &blocks_dec_self},
                              {"lazy_blocks_dec_cross", &blocks_dec_cross}})
      VENTRIS_CHECK(sizes->empty(), "model.{} is set, but model.arch is {} (only lazyformer has lazy blocks)", key,
                    arch);
    VENTRIS_CHECK(prob_dropout == LazyProbDropout::kPerLayer,
                  "model.lazy_prob_dropout is set, but model.arch is {} (only lazyformer has lazy blocks)", arch);
    return;
  }
  validate_blocks("lazy_blocks_enc", blocks_enc, encoder_layers);
  validate_blocks("lazy_blocks_dec_self", blocks_dec_self, decoder_layers);
  validate_blocks("lazy_blocks_dec_cross", blocks_dec_cross, decoder_layers);
}

std::vector<bool> block_heads(const std::vector<int>& block_sizes, int layers) {
  std::vector<bool> heads(static_cast<size_t>(layers), block_sizes.empty());
  int first = 0;
  for (int size : block_sizes) {
    VENTRIS_CHECK(size >= 1 && first + size <= layers, "block sizes do not fit {} layers", layers);
    heads[static_cast<size_t>(first)] = true;
    first += size;
  }
  VENTRIS_CHECK(first == layers || block_sizes.empty(), "block sizes do not fit {} layers", layers);
  return heads;
}

}  // namespace ventris::models
