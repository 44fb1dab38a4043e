// Builds a model of any family from its config: model.arch names the family,
// a registry maps it to a builder (the built-in families register themselves
// here; a test may register one of its own). Model files record the arch, so
// the loader builds the right family too. An unknown arch is a one-line
// error naming it and the known ones.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/encoder_decoder.h"

namespace ventris::models {

using ModelBuilder =
    std::function<std::unique_ptr<EncoderDecoder>(const ModelConfig& config, const Vocab& vocab, uint64_t seed)>;

// Adds (or replaces) a family; `arch` is its model.arch value.
void register_model_family(const std::string& arch, ModelBuilder builder);
// The registered arch names, built-in ones first.
std::vector<std::string> model_families();
// Throws a one-line Error naming `arch` and the known families unless it is registered.
void require_model_family(const std::string& arch);

// The model config.arch names, initialised from `seed` (weights depend on
// the seed and each parameter's name only).
std::unique_ptr<EncoderDecoder> make_model(const ModelConfig& config, const Vocab& vocab, uint64_t seed);

}  // namespace ventris::models
