// A small preprocessed toy corpus (scripts/make_toy_corpus.py + data::preprocess),
// built once per test binary run and shared by the training tests.
#pragma once

#include <string>

#include "models/model_config.h"
#include "train/train_config.h"

namespace ventris::test {

// Folder holding spm.model, train.bin, valid.bin (400 / 30 pairs, vocabulary
// of `vocab_size`). Folders are cached per vocab size for the process.
const std::string& toy_data_dir(int vocab_size = 120);

// 1+1 layers, D 16, F 32, H 2, dropout 0.1: fast, and dropout exercises the
// determinism of resumed runs.
models::ModelConfig tiny_model_config();

// Settings for a few-update run into `model_dir`.
train::TrainConfig tiny_train_config(const std::string& model_dir, int64_t max_updates);

}  // namespace ventris::test
