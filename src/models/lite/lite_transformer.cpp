#include "models/lite/lite_transformer.h"

namespace ventris::models {

LiteTransformer::LiteTransformer(const ModelConfig& config, const Vocab& vocab, uint64_t seed)
    : LayerStackModel(
          config, vocab, seed,
          [&](ag::ParameterSet& params, const std::string& prefix, int index) {
            return LiteEncoderLayer(params, prefix, index, config, seed);
          },
          [&](ag::ParameterSet& params, const std::string& prefix, int index) {
            return LiteDecoderLayer(params, prefix, index, config, seed);
          }) {}

}  // namespace ventris::models
