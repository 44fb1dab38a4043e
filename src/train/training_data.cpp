#include "train/training_data.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "data/spm_vocab.h"

namespace ventris::train {

namespace fs = std::filesystem;

namespace {

void check_dataset(const data::Dataset& d, const models::ModelVocabularies& v) {
  VENTRIS_CHECK(d.header().src_vocab_checksum == v.src_checksum && d.header().tgt_vocab_checksum == v.tgt_checksum,
                "{}: written with other vocabularies than the spm model(s) beside it (dataset {}/{}, models {}/{}); "
                "rerun `ventris preprocess`",
                d.path(), d.header().src_vocab_checksum, d.header().tgt_vocab_checksum, v.src_checksum,
                v.tgt_checksum);
  VENTRIS_CHECK(d.size() > 0, "{}: the split holds no sentence pairs", d.path());
}

}  // namespace

TrainingData load_training_data(const std::string& dir, bool need_valid) {
  VENTRIS_CHECK(fs::is_directory(dir), "data folder '{}' does not exist (write it with `ventris preprocess`)", dir);
  TrainingData out;
  const fs::path root(dir);
  std::shared_ptr<data::SpmVocab> src, tgt;
  if (fs::exists(root / "spm.model")) {
    src = std::make_shared<data::SpmVocab>(data::SpmVocab::from_file((root / "spm.model").string()));
  } else {
    VENTRIS_CHECK(fs::exists(root / "spm.src.model") && fs::exists(root / "spm.tgt.model"),
                  "{}: no vocabulary (spm.model, or spm.src.model + spm.tgt.model) — not a `ventris preprocess` folder",
                  dir);
    out.joint = false;
    src = std::make_shared<data::SpmVocab>(data::SpmVocab::from_file((root / "spm.src.model").string()));
    tgt = std::make_shared<data::SpmVocab>(data::SpmVocab::from_file((root / "spm.tgt.model").string()));
  }
  const data::SpmVocab& t = tgt ? *tgt : *src;
  out.vocab = {src->size(), t.size(), data::kPadId};
  out.vocabularies = {src->checksum(), t.checksum(), src->serialized(), t.serialized()};
  out.src_spm = src;
  out.tgt_spm = tgt ? tgt : src;

  const fs::path train_path = root / "train.bin";
  VENTRIS_CHECK(fs::exists(train_path), "{}: missing (the train split; rerun `ventris preprocess`)", train_path.string());
  out.train = std::make_unique<data::Dataset>(train_path.string());
  check_dataset(*out.train, out.vocabularies);
  const fs::path valid_path = root / "valid.bin";
  if (fs::exists(valid_path)) {
    out.valid = std::make_unique<data::Dataset>(valid_path.string());
    check_dataset(*out.valid, out.vocabularies);
  } else {
    VENTRIS_CHECK(!need_valid,
                  "{}: missing (the valid split: preprocess with --valid-src/--valid-tgt, or train with "
                  "--no-validation)",
                  valid_path.string());
  }
  return out;
}

std::vector<int32_t> example_lengths(const data::Dataset& dataset) {
  std::vector<int32_t> lengths(dataset.size());
  for (uint64_t i = 0; i < dataset.size(); ++i)
    lengths[i] = static_cast<int32_t>(std::max(dataset.src(i).size(), dataset.tgt(i).size()));
  return lengths;
}

models::Batch make_batch(const data::Dataset& dataset, const std::vector<int64_t>& examples, int32_t pad_id,
                         int32_t eos_id) {
  VENTRIS_CHECK(!examples.empty(), "empty batch");
  int64_t s = 0, t = 0;
  for (int64_t i : examples) {
    s = std::max<int64_t>(s, static_cast<int64_t>(dataset.src(i).size()));
    t = std::max<int64_t>(t, static_cast<int64_t>(dataset.tgt(i).size()));
  }
  const auto b = static_cast<int64_t>(examples.size());
  std::vector<int32_t> src(b * s, pad_id), tgt_in(b * t, pad_id), tgt_out(b * t, pad_id);
  for (int64_t r = 0; r < b; ++r) {
    auto x = dataset.src(examples[r]);
    auto y = dataset.tgt(examples[r]);
    std::copy(x.begin(), x.end(), src.begin() + r * s);
    std::copy(y.begin(), y.end(), tgt_out.begin() + r * t);
    // Decoder input: EOS (as BOS) then the target shifted right by one.
    tgt_in[r * t] = eos_id;
    if (!y.empty()) std::copy(y.begin(), y.end() - 1, tgt_in.begin() + r * t + 1);
  }
  return {Tensor::from_vector(src, {b, s}), Tensor::from_vector(tgt_in, {b, t}), Tensor::from_vector(tgt_out, {b, t})};
}

models::Batch to_device(const models::Batch& batch, Device device) {
  return {batch.src.to(device), batch.tgt_in.to(device), batch.tgt_out.to(device)};
}

int64_t target_tokens(const data::Dataset& dataset, const std::vector<int64_t>& examples) {
  int64_t n = 0;
  for (int64_t i : examples) n += static_cast<int64_t>(dataset.tgt(i).size());
  return n;
}

}  // namespace ventris::train
