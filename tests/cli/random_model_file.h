// A model file with random weights and no embedded vocabulary, made in
// milliseconds: for `translate --input-format ids --output-format ids` tests
// about everything but translation quality (input checks, output handling,
// signals). Tests of what a translation says use decode/tiny_translation_model.h.
#pragma once

#include <string>

#include "data/spm_vocab.h"
#include "models/model_factory.h"
#include "models/model_file.h"

namespace ventris::test {

inline void save_random_model(const std::string& path, int64_t vocab = 24) {
  models::ModelConfig c;
  c.encoder_layers = c.decoder_layers = 1;
  c.d_model = 16;
  c.ffn_dim = 32;
  c.heads = 2;
  auto model = models::make_model(c, models::Vocab{vocab, vocab, data::kPadId}, 1);
  models::save_model(path, *model);
}

}  // namespace ventris::test
