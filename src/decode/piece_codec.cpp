#include "decode/piece_codec.h"

#include <sentencepiece_processor.h>

#include <sstream>

#include "core/error.h"

namespace ventris::decode {

PieceCodec::PieceCodec(const std::string& serialized, const std::string& origin)
    : processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  auto status = processor_->LoadFromSerializedProto(serialized);
  VENTRIS_CHECK(status.ok(), "{}: not a SentencePiece model ({})", origin, status.ToString());
}

PieceCodec::~PieceCodec() = default;

std::vector<int32_t> PieceCodec::ids(const std::string& pieces) const {
  std::vector<int32_t> out;
  std::istringstream in(pieces);
  std::string piece;
  while (in >> piece) out.push_back(processor_->PieceToId(piece));
  return out;
}

std::string PieceCodec::pieces(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) {
    if (!out.empty()) out += ' ';
    out += id >= 0 && id < processor_->GetPieceSize() ? processor_->IdToPiece(id) : "<?>";
  }
  return out;
}

}  // namespace ventris::decode
