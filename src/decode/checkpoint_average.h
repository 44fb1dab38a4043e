// Averaging model files parameter by parameter (`translate --checkpoints`,
// `ventris average`): the models must agree on config, vocabularies and
// every parameter's name and shape.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/model_file.h"

namespace ventris::decode {

// Loads every file (one at a time beside the running sum) and returns the
// mean; `info` (optional) receives the first file's header.
std::unique_ptr<models::EncoderDecoder> average_models(const std::vector<std::string>& paths,
                                                    models::ModelFileInfo* info = nullptr);

}  // namespace ventris::decode
