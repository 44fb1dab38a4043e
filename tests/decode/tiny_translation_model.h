// A tiny trained translation model for decoding tests: English number words
// to German ones ("two five" -> "zwei fünf"), a joint SentencePiece
// vocabulary trained on the pairs, and a Transformer overfit on them with a
// few hundred Adam steps. Built once per test process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/spm_vocab.h"
#include "models/transformer/transformer.h"

namespace ventris::decode::test {

struct TinyTranslationSetup {
  std::vector<std::string> sources, targets;
  std::unique_ptr<data::SpmVocab> vocab;  // joint
  std::unique_ptr<models::Transformer> model;
  std::vector<std::vector<int32_t>> source_ids() const;  // encoded, without EOS
};

const TinyTranslationSetup& tiny_translation_setup();

// Writes the model with its embedded vocabulary (a complete `translate -m` file).
void save_tiny_model(const std::string& path);

}  // namespace ventris::decode::test
