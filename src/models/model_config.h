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

  void describe(config::Schema& s) {
    s.field("arch", &arch, "model family").choices = {"transformer"};
    s.field("encoder_layers", &encoder_layers, "encoder layers (L_e)");
    s.field("decoder_layers", &decoder_layers, "decoder layers (L_d)");
    s.field("d_model", &d_model, "model width D");
    s.field("ffn_dim", &ffn_dim, "feed-forward inner width F");
    s.field("heads", &heads, "attention heads H (D must be divisible by H)");
    s.field("dropout", &dropout, "dropout after embeddings and every sub-layer");
    s.field("attention_dropout", &attention_dropout, "dropout on attention probabilities");
    s.field("activation_dropout", &activation_dropout, "dropout inside the feed-forward block");
    s.field("activation", &activation, "feed-forward activation").choices = {"relu", "gelu"};
    s.field("normalize_before", &normalize_before, "pre-norm (true) instead of post-norm");
    s.field("share_embeddings", &share_embeddings, "embedding sharing").choices = {"none", "decoder-in-out", "all"};
    s.field("max_positions", &max_positions, "longest sentence in tokens, including EOS");
    s.field("positions", &positions, "positional embeddings: sinusoidal (fairseq's table) or learned")
        .choices = {"sinusoidal", "learned"};
  }

  // Throws Error naming the offending key when values are inconsistent.
  void validate() const;
};

}  // namespace ventris::models
