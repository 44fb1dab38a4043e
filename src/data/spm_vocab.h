// SentencePiece vocabularies through the library (Debian's libsentencepiece).
// Special ids follow fairseq's dictionary: bos 0, pad 1, eos 2, unk 3 — so
// positions start at pad + 1 = 2 as fairseq's do (architectures.md §1.1).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace ventris::data {

constexpr int32_t kBosId = 0, kPadId = 1, kEosId = 2, kUnkId = 3;

struct SpmTrainOptions {
  int vocab_size = 8000;
  std::string model_type = "unigram";  // unigram | bpe
  double character_coverage = 1.0;
  int threads = 1;
  uint64_t seed = 1;
};

class SpmVocab {
 public:
  // From a serialized model (a .model file's bytes); `origin` names it in errors.
  SpmVocab(std::string serialized, const std::string& origin);
  ~SpmVocab();
  SpmVocab(SpmVocab&&) noexcept;
  SpmVocab& operator=(SpmVocab&&) noexcept;
  static SpmVocab from_file(const std::string& path);
  // Trains on `sentences` (already sampled) and returns the model.
  static SpmVocab train(const std::vector<std::string>& sentences, const SpmTrainOptions& options);

  std::vector<int32_t> encode(const std::string& text) const;
  std::string decode(const std::vector<int32_t>& ids) const;
  // Pieces for pipelines that tokenize themselves: whitespace-separated
  // pieces -> ids (an unknown piece maps to unk), ids -> pieces joined by
  // single spaces ("<?>" for an id outside the vocabulary).
  std::vector<int32_t> pieces_to_ids(const std::string& pieces) const;
  std::string ids_to_pieces(const std::vector<int32_t>& ids) const;
  int64_t size() const;
  const std::string& serialized() const { return serialized_; }
  std::string checksum() const;  // of the serialized model

 private:
  std::string serialized_;
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
};

}  // namespace ventris::data
