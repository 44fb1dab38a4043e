// SentencePiece pieces <-> ids for pipelines that tokenize themselves
// (`translate --input-format pieces`, `--no-detok`): the same serialized model
// the SpmVocab reads, asked for its piece table instead of text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace ventris::decode {

class PieceCodec {
 public:
  PieceCodec(const std::string& serialized, const std::string& origin);
  ~PieceCodec();
  // Whitespace-separated pieces -> ids (an unknown piece maps to unk).
  std::vector<int32_t> ids(const std::string& pieces) const;
  // ids -> pieces joined by single spaces.
  std::string pieces(const std::vector<int32_t>& ids) const;

 private:
  std::unique_ptr<sentencepiece::SentencePieceProcessor> processor_;
};

}  // namespace ventris::decode
