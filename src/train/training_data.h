// What `ventris train` reads from a preprocessed folder: the SentencePiece
// vocabularies (embedded later into every checkpoint), the train split and the
// optional valid split, checked against each other; and turning a list of
// example indices into a right-padded batch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset_format.h"
#include "data/spm_vocab.h"
#include "models/model_file.h"
#include "models/encoder_decoder.h"

namespace ventris::train {

struct TrainingData {
  std::unique_ptr<data::Dataset> train, valid;  // valid is null when not loaded
  models::Vocab vocab;                           // sizes and pad id
  models::ModelVocabularies vocabularies;        // checksums and serialized spm models
  std::shared_ptr<const data::SpmVocab> src_spm, tgt_spm;  // equal for a joint vocabulary
  bool joint = true;
};

// Throws a one-line Error naming the missing or inconsistent file.
// `need_valid`: a missing valid.bin is an error (else valid stays null).
TrainingData load_training_data(const std::string& dir, bool need_valid);

// max(source, target) tokens of each example (the batcher's cost).
std::vector<int32_t> example_lengths(const data::Dataset& dataset);

// Right-padded batch of the given examples: src [B, S]; tgt_in = EOS y1..y(n-1)
// and tgt_out = y1..yn EOS, both [B, T] (stored targets end with EOS).
models::Batch make_batch(const data::Dataset& dataset, const std::vector<int64_t>& examples, int32_t pad_id,
                         int32_t eos_id);

// The batch's tensors on `device` (the same tensors when already there).
models::Batch to_device(const models::Batch& batch, Device device);

// Non-pad target tokens of a batch.
int64_t target_tokens(const data::Dataset& dataset, const std::vector<int64_t>& examples);

}  // namespace ventris::train
