#include "models/lazyformer/lazyformer.h"

namespace ventris::models {

// The makers run after the base class validated the config, so block sizes
// are known to fit by the time block_heads reads them.
LazyFormer::LazyFormer(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : LayerStackModel(
          config, vocab, seed,
          [&](ag::ParameterSet& params, const std::string& prefix, int i) {
            const bool head = block_heads(config.lazy.blocks_enc, config.encoder_layers)[static_cast<size_t>(i)];
            return LazyEncoderLayer(params, prefix, config, head, seed);
          },
          [&](ag::ParameterSet& params, const std::string& prefix, int i) {
            const auto at = static_cast<size_t>(i);
            const bool self_head = block_heads(config.lazy.blocks_dec_self, config.decoder_layers)[at];
            const bool cross_head = block_heads(config.lazy.blocks_dec_cross, config.decoder_layers)[at];
            return LazyDecoderLayer(params, prefix, config, self_head, cross_head, seed);
          }) {}

}  // namespace ventris::models
