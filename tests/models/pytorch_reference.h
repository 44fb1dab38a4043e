// Runs a PyTorch reference under tests/reference/ on a model's parameters and
// one batch, and compares the summed label-smoothed loss, the NLL and every
// parameter gradient with the model's own (evaluation mode, label smoothing 0.1).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/encoder_decoder.h"

namespace ventris::test {

bool torch_available();

// `script`: a file name in tests/reference/. `model_json`: what the script
// reads as cfg (the Transformer's fields are filled in; add a family's own).
// Gradient errors are relative to each tensor's largest entry (floored at
// 1e-3) and must stay within `tolerance`.
void expect_matches_pytorch(models::EncoderDecoder& model, const models::Batch& batch, const std::string& script,
                            nlohmann::json model_json = nlohmann::json::object(), double tolerance = 1e-4);

}  // namespace ventris::test
