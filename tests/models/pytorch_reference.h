// A model family against its independent PyTorch implementation in
// tests/reference/<arch>_reference.py: the model's weights and a small batch
// go to the script, which rebuilds the model from plain torch ops and returns
// the loss, the NLL, every parameter's gradient (and, where the script writes
// it, the encoder output); all must agree (gradients to 1e-4 of each
// tensor's largest entry).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "models/batch.h"
#include "models/model_config.h"

namespace ventris::test {

// Right-padded batch of three sentences with different lengths (pad id 1).
models::Batch sample_batch(int64_t vocab);

// Skips (GTEST_SKIP) when python3-torch is missing. `family_json` adds what a
// family's script needs beyond the Transformer's fields (e.g. the Lite
// Transformer's resolved branches under "lite").
void compare_with_pytorch(const models::ModelConfig& config, const nlohmann::json& family_json = nlohmann::json::object());

}  // namespace ventris::test
