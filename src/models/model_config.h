// The model's shape and regularisation (the YAML section `model:`). It travels
// inside every model file, so `translate` needs only the model path.
#pragma once

#include <cstdint>
#include <string>

#include "config/enum_names.h"
#include "config/schema.h"
#include "models/lazyformer/lazy_config.h"
#include "models/lite/lite_config.h"
#include "ops/math/bias_activation.h"

namespace ventris::math {
// model.activation's spellings (the enum itself is shared with the kernels).
constexpr auto enum_names(Activation) {
  return config::enum_table<Activation>({{Activation::Relu, "relu"}, {Activation::Gelu, "gelu"}});
}
}  // namespace ventris::math

namespace ventris::models {

// Which embedding tables are one (architectures.md §1.5).
enum class ShareEmbeddings { kNone, kDecoderInOut, kAll };
constexpr auto enum_names(ShareEmbeddings) {
  using enum ShareEmbeddings;
  return config::enum_table<ShareEmbeddings>({{kNone, "none"}, {kDecoderInOut, "decoder-in-out"}, {kAll, "all"}});
}

enum class Positions { kSinusoidal, kLearned };
constexpr auto enum_names(Positions) {
  using enum Positions;
  return config::enum_table<Positions>({{kSinusoidal, "sinusoidal"}, {kLearned, "learned"}});
}

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
  math::Activation activation = math::Activation::Relu;  // relu or gelu
  bool normalize_before = false;               // pre-norm (true) or post-norm (false)
  ShareEmbeddings share_embeddings = ShareEmbeddings::kNone;  // none, decoder-in-out or all
  int max_positions = 1024;                    // longest sentence (tokens, incl. EOS)
  Positions positions = Positions::kSinusoidal;  // sinusoidal (fairseq's table) or learned (a parameter per position)
  LazyConfig lazy;                             // lazyformer's blocks (models/lazyformer/lazy_config.h)
  LiteConfig lite;                             // model.lite_* keys (arch lite)

  // Registers every key; model.arch may be any registered family (models/model_factory.h).
  void describe(config::Schema& s);

  // Throws Error naming the offending key when values are inconsistent.
  void validate() const;
};

}  // namespace ventris::models
