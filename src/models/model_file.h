// Model files: the parameters in safetensors layout plus, in its metadata, the
// format version, the full model config (YAML), the vocabulary sizes and pad
// id, and the vocabularies' checksums — so `translate` needs only the path,
// and a model from another version or for other vocabularies is refused with
// a one-line error that says what differs.
#pragma once

#include <memory>
#include <string>

#include "io/safetensors.h"
#include "models/model_factory.h"

namespace ventris::models {

// What a model knows of its vocabularies: the dataset's checksums and the
// serialized SentencePiece models themselves (embedded base64 in the metadata,
// so `translate -m model` needs no other file). Empty strings = not recorded.
struct ModelVocabularies {
  std::string src_checksum, tgt_checksum;
  std::string src_spm, tgt_spm;  // serialized SentencePiece models (equal for a joint vocabulary)
};

struct ModelFileInfo {
  ModelConfig config;
  Vocab vocab;
  std::string src_vocab_checksum, tgt_vocab_checksum;  // from the dataset; may be empty
  std::string src_spm, tgt_spm;                        // serialized SentencePiece models; may be empty
  int format_version = 0;
};

// Writes atomically (temp file, fsync, rename). Returns the file's data checksum.
std::string save_model(const std::string& path, EncoderDecoder& model, const ModelVocabularies& vocabularies = {});
// Same, for callers that only know the checksums.
inline std::string save_model(const std::string& path, EncoderDecoder& model, const std::string& src_vocab_checksum,
                              const std::string& tgt_vocab_checksum) {
  return save_model(path, model, ModelVocabularies{src_vocab_checksum, tgt_vocab_checksum, "", ""});
}
// The metadata save_model writes (checkpoints reuse it).
io::Metadata model_metadata(EncoderDecoder& model, const ModelVocabularies& vocabularies);
// Parses what model_metadata wrote; `path` names the file in errors.
ModelFileInfo parse_model_metadata(const io::Metadata& meta, const std::string& path);

// Header only: config, vocabulary and checksums.
ModelFileInfo read_model_info(const std::string& path);

// "" when `file` holds exactly the parameters of `params` (same names, same
// shapes, f32); otherwise names the first difference ("parameter
// 'decoder.layers.2.fc1.weight' is [64, 16] F32 in the file but [128, 16] now").
std::string parameter_difference(const io::TensorFile& file, const ag::ParameterSet& params);

// Loads every parameter of `model` from a model file (same errors as load_model).
void load_parameters(const std::string& path, EncoderDecoder& model);
void load_parameters(const io::TensorFile& file, EncoderDecoder& model);

// Rebuilds the model and loads every parameter (missing, extra or misshapen
// tensors are errors naming the parameter).
std::unique_ptr<EncoderDecoder> load_model(const std::string& path, ModelFileInfo* info = nullptr);

// Throws unless the model was built for these vocabularies (checksums as the
// dataset reports them); the message names both checksums.
void require_vocabularies(const ModelFileInfo& info, const std::string& src_checksum, const std::string& tgt_checksum,
                          const std::string& path);

}  // namespace ventris::models
