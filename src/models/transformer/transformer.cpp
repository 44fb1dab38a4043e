#include "models/transformer/transformer.h"

namespace ventris::models {

Transformer::Transformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : LayerStackModel(
          config, vocab, seed,
          [&](ag::ParameterSet& params, const std::string& prefix, int) {
            return TransformerEncoderLayer(params, prefix, config, seed);
          },
          [&](ag::ParameterSet& params, const std::string& prefix, int) {
            return TransformerDecoderLayer(params, prefix, config, seed);
          }) {}

}  // namespace ventris::models
