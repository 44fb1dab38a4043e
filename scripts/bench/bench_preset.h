// Model shapes for the benchmarks taken from the preset files themselves
// (configs/<name>.yaml through the config schema, as `ventris --config` reads
// them), so a benchmark row is exactly the model a user trains with that name
// and no second table of shapes can drift from configs/.
#pragma once

#include <string>

#include "config/schema.h"
#include "decode/translate_config.h"
#include "models/model_config.h"
#include "train/train_config.h"

namespace ventris::bench {

// True for a name with a file in configs/ (the legacy `tiny`/`base` shapes are not).
inline bool is_preset(const std::string& name) { return name != "tiny" && name != "base"; }

// The model section of configs/<name>.yaml, validated. The train and
// translate sections are described too, only so that the schema accepts the
// whole file.
inline models::ModelConfig load_preset_model(const std::string& name) {
  models::ModelConfig model;
  train::TrainConfig train;
  decode::TranslateConfig translate;
  config::Schema root;
  model.describe(root.section("model"));
  train.describe(root.section("train"));
  translate.describe(root.section("translate"));
  root.apply_yaml_file(std::string(VENTRIS_BENCH_CONFIG_DIR) + "/" + name + ".yaml");
  model.validate();
  return model;
}

}  // namespace ventris::bench
