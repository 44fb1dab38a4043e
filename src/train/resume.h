// Deciding how a run starts in a model folder: fresh, resumed from
// checkpoint_last, or refused — before anything in the folder is written.
#pragma once

#include <string>

#include "models/model_config.h"
#include "train/train_config.h"
#include "train/training_data.h"

namespace ventris::train {

enum class StartMode { Fresh, Resume };

// Throws (one line, naming the folder) when model_dir holds training files
// and the options do not say what to do with them; with no_resume + force,
// removes the old checkpoints and metrics.jsonl.
StartMode prepare_model_dir(const TrainConfig& config);

// What a resume may not change beyond the parameters' names and shapes
// (models::parameter_difference checks those): the family and the head count,
// which change the function without changing a shape. "" when equal, else
// names the key and both values.
std::string model_structure_difference(const models::ModelConfig& saved, const models::ModelConfig& now);

}  // namespace ventris::train
