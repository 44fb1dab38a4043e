// Model files: the parameters in safetensors layout plus, in its metadata, the
// format version, the full model config (YAML), the vocabulary sizes and pad
// id, and the vocabularies' checksums — so `translate` needs only the path,
// and a model from another version or for other vocabularies is refused with
// a one-line error that says what differs.
#pragma once

#include <memory>
#include <string>

#include "models/transformer.h"

namespace ventris::models {

struct ModelFileInfo {
  ModelConfig config;
  Vocab vocab;
  std::string src_vocab_checksum, tgt_vocab_checksum;  // from the dataset; may be empty
  int format_version = 0;
};

// Writes atomically (temp file, fsync, rename).
void save_model(const std::string& path, Transformer& model, const std::string& src_vocab_checksum = "",
                const std::string& tgt_vocab_checksum = "");

// Header only: config, vocabulary and checksums.
ModelFileInfo read_model_info(const std::string& path);

// Rebuilds the model and loads every parameter (missing, extra or misshapen
// tensors are errors naming the parameter).
std::unique_ptr<Transformer> load_model(const std::string& path, ModelFileInfo* info = nullptr);

// Throws unless the model was built for these vocabularies (checksums as the
// dataset reports them); the message names both checksums.
void require_vocabularies(const ModelFileInfo& info, const std::string& src_checksum, const std::string& tgt_checksum,
                          const std::string& path);

}  // namespace ventris::models
