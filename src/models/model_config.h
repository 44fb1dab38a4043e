// The model's shape and regularisation (the YAML section `model:`). It travels
// inside every model file, so `translate` needs only the model path.
#pragma once

#include <cstdint>
#include <string>

#include "config/schema.h"

namespace ventris::models {

struct ModelConfig {
  std::string arch = "transformer";            // model family
  int encoder_layers = 6;                      // L_e
  int decoder_layers = 6;                      // L_d
  int d_model = 512;                           // D
  int ffn_dim = 2048;                          // F
  int heads = 8;                               // H
  double dropout = 0.1;                        // after embeddings and every sub-layer
  double attention_dropout = 0.0;              // on attention probabilities
  double activation_dropout = 0.0;             // inside the FFN
  std::string activation = "relu";             // relu or gelu
  bool normalize_before = false;               // pre-norm (true) or post-norm (false)
  std::string share_embeddings = "none";       // none, decoder-in-out or all
  int max_positions = 1024;                    // longest sentence (tokens, incl. EOS)
  std::string positions = "sinusoidal";        // sinusoidal (fairseq's table) or learned (a parameter per position)

  // Registers every key; model.arch may be any registered family (models/model_factory.h).
  void describe(config::Schema& s);

  // Throws Error naming the offending key when values are inconsistent.
  void validate() const;
};

}  // namespace ventris::models
