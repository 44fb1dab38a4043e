#include "models/model_config.h"

#include "core/error.h"

namespace ventris::models {

void ModelConfig::validate() const {
  VENTRIS_CHECK(encoder_layers >= 1 && decoder_layers >= 1, "model.encoder_layers and model.decoder_layers must be >= 1");
  VENTRIS_CHECK(d_model >= 2 && d_model % 2 == 0, "model.d_model must be even and >= 2, got {}", d_model);
  VENTRIS_CHECK(heads >= 1 && d_model % heads == 0, "model.d_model ({}) must be divisible by model.heads ({})", d_model,
                heads);
  VENTRIS_CHECK(ffn_dim >= 1, "model.ffn_dim must be >= 1");
  for (auto [key, p] : {std::pair{"dropout", dropout}, {"attention_dropout", attention_dropout},
                        {"activation_dropout", activation_dropout}})
    VENTRIS_CHECK(p >= 0 && p < 1, "model.{} must be in [0, 1), got {}", key, p);
  VENTRIS_CHECK(max_positions >= 2, "model.max_positions must be >= 2");
}

}  // namespace ventris::models
