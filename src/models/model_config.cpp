#include "models/model_config.h"

#include "core/error.h"
#include "models/model_factory.h"

namespace ventris::models {

void ModelConfig::describe(config::Schema& s) {
  s.field("arch", &arch, "model family").choices = model_families();
  s.field("encoder_layers", &encoder_layers, "encoder layers (L_e)").range = config::between(1, 1000);
  s.field("decoder_layers", &decoder_layers, "decoder layers (L_d)").range = config::between(1, 1000);
  s.field("d_model", &d_model, "model width D").range = config::between(2, 65536);
  s.field("ffn_dim", &ffn_dim, "feed-forward inner width F").range = config::between(1, 1048576);
  s.field("heads", &heads, "attention heads H (D must be divisible by H)").range = config::between(1, 4096);
  s.field("dropout", &dropout, "dropout after embeddings and every sub-layer").range = config::probability();
  s.field("attention_dropout", &attention_dropout, "dropout on attention probabilities").range = config::probability();
  s.field("activation_dropout", &activation_dropout, "dropout inside the feed-forward block").range =
      config::probability();
  s.field("activation", &activation, "feed-forward activation");
  s.field("normalize_before", &normalize_before, "pre-norm (true) instead of post-norm");
  s.field("share_embeddings", &share_embeddings, "embedding sharing");
  s.field("max_positions", &max_positions, "longest sentence in tokens, including EOS").range =
      config::between(2, 1048576);
  s.field("positions", &positions, "positional embeddings: sinusoidal (fairseq's table) or learned");
  lazy.describe(s);
  lite.describe(s);
}

void ModelConfig::validate() const {
  require_model_family(arch);
  VENTRIS_CHECK(encoder_layers >= 1 && decoder_layers >= 1, "model.encoder_layers and model.decoder_layers must be >= 1");
  VENTRIS_CHECK(d_model >= 2 && d_model % 2 == 0, "model.d_model must be even and >= 2, got {}", d_model);
  VENTRIS_CHECK(heads >= 1 && d_model % heads == 0, "model.d_model ({}) must be divisible by model.heads ({})", d_model,
                heads);
  VENTRIS_CHECK(ffn_dim >= 1, "model.ffn_dim must be >= 1");
  for (auto [key, p] : {std::pair{"dropout", dropout}, {"attention_dropout", attention_dropout},
                        {"activation_dropout", activation_dropout}})
    VENTRIS_CHECK(p >= 0 && p < 1, "model.{} must be in [0, 1), got {}", key, p);
  VENTRIS_CHECK(max_positions >= 2, "model.max_positions must be >= 2");
  lazy.validate(arch, encoder_layers, decoder_layers);
  lite.validate(arch == "lite", d_model, encoder_layers, decoder_layers);
}

}  // namespace ventris::models
