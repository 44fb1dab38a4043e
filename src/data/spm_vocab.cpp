#include "data/spm_vocab.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <fstream>
#include <type_traits>
#include <sstream>

#include "core/error.h"
#include "io/checksum.h"

namespace ventris::data {

namespace {
// Feeds the sampled sentences to the trainer without a temp file.
class VectorIterator : public sentencepiece::SentenceIterator {
 public:
  explicit VectorIterator(const std::vector<std::string>& v) : v_(v) {}
  bool done() const override { return i_ >= v_.size(); }
  void Next() override { ++i_; }
  const std::string& value() const override { return v_[i_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  const std::vector<std::string>& v_;
  size_t i_ = 0;
};
}  // namespace

SpmVocab::SpmVocab(std::string serialized, const std::string& origin)
    : serialized_(std::move(serialized)), processor_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  auto status = processor_->LoadFromSerializedProto(serialized_);
  VENTRIS_CHECK(status.ok(), "{}: not a SentencePiece model ({})", origin, status.ToString());
  VENTRIS_CHECK(processor_->pad_id() == kPadId && processor_->eos_id() == kEosId && processor_->unk_id() == kUnkId,
                "{}: SentencePiece model has special ids pad {} eos {} unk {}; ventris needs pad {} eos {} unk {} "
                "(train it with --pad_id=1 --eos_id=2 --unk_id=3 --bos_id=0, or let ventris train one)",
                origin, processor_->pad_id(), processor_->eos_id(), processor_->unk_id(), kPadId, kEosId, kUnkId);
}

SpmVocab::~SpmVocab() = default;
SpmVocab::SpmVocab(SpmVocab&&) noexcept = default;
SpmVocab& SpmVocab::operator=(SpmVocab&&) noexcept = default;

SpmVocab SpmVocab::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  VENTRIS_CHECK(in.good(), "cannot open SentencePiece model '{}'", path);
  std::stringstream s;
  s << in.rdbuf();
  return SpmVocab(s.str(), path);
}

SpmVocab SpmVocab::train(const std::vector<std::string>& sentences, const SpmTrainOptions& o) {
  VENTRIS_CHECK(!sentences.empty(), "no sentences to train a vocabulary on");
  std::unordered_map<std::string, std::string> args{
      {"vocab_size", std::to_string(o.vocab_size)},
      {"model_type", o.model_type},
      {"character_coverage", std::to_string(o.character_coverage)},
      {"bos_id", std::to_string(kBosId)},
      {"pad_id", std::to_string(kPadId)},
      {"eos_id", std::to_string(kEosId)},
      {"unk_id", std::to_string(kUnkId)},
      {"num_threads", std::to_string(std::max(1, o.threads))},
      {"minloglevel", "2"},
      // Small corpora: let the trainer shrink the vocabulary instead of failing.
      {"hard_vocab_limit", "false"},
  };
  sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned int>(o.seed));  // 0.1.97: a global seed
  VectorIterator it(sentences);
  std::string model;
  auto status = sentencepiece::SentencePieceTrainer::Train(args, &it, &model);
  VENTRIS_CHECK(status.ok(), "SentencePiece training failed: {}", status.ToString());
  return SpmVocab(std::move(model), "trained vocabulary");
}

std::vector<int32_t> SpmVocab::encode(const std::string& text) const {
  std::vector<int> ids;
  auto status = processor_->Encode(text, &ids);
  VENTRIS_CHECK(status.ok(), "SentencePiece encode failed: {}", status.ToString());
  if constexpr (std::is_same_v<int, int32_t>) {
    return ids;  // no copy: the same type on every platform we build for
  } else {
    return {ids.begin(), ids.end()};
  }
}

std::string SpmVocab::decode(const std::vector<int32_t>& ids) const {
  std::string text;
  auto status = processor_->Decode(std::vector<int>(ids.begin(), ids.end()), &text);
  VENTRIS_CHECK(status.ok(), "SentencePiece decode failed: {}", status.ToString());
  return text;
}

std::vector<int32_t> SpmVocab::pieces_to_ids(const std::string& pieces) const {
  std::vector<int32_t> out;
  std::istringstream in(pieces);
  std::string piece;
  while (in >> piece) out.push_back(processor_->PieceToId(piece));
  return out;
}

std::string SpmVocab::ids_to_pieces(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) {
    if (!out.empty()) out += ' ';
    out += id >= 0 && id < processor_->GetPieceSize() ? processor_->IdToPiece(id) : "<?>";
  }
  return out;
}

int64_t SpmVocab::size() const { return processor_->GetPieceSize(); }

std::string SpmVocab::checksum() const { return io::checksum_hex(serialized_.data(), serialized_.size()); }

}  // namespace ventris::data
