#include "train/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "core/logging.h"
#include "core/version.h"

namespace ventris::train {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateKind = "ventris-trainer-state";

std::string exact(double v) { return fmt::format("{:.17g}", v); }

const std::string& field(const io::Metadata& meta, const char* key, const std::string& path) {
  auto it = meta.find(key);
  VENTRIS_CHECK(it != meta.end(), "{}: trainer state metadata '{}' missing", path, key);
  return it->second;
}

int64_t int_field(const io::Metadata& meta, const char* key, const std::string& path) {
  const std::string& text = field(meta, key, path);
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  VENTRIS_CHECK(end && *end == '\0' && !text.empty(), "{}: trainer state '{}' is not an integer: '{}'", path, key,
                text);
  return v;
}

double double_field(const io::Metadata& meta, const char* key, const std::string& path) {
  const std::string& text = field(meta, key, path);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  VENTRIS_CHECK(end && *end == '\0' && !text.empty(), "{}: trainer state '{}' is not a number: '{}'", path, key, text);
  return v;
}

}  // namespace

std::string CheckpointStore::path(const std::string& stem) const { return (fs::path(dir_) / (stem + ".safetensors")).string(); }

std::string CheckpointStore::state_path(const std::string& model_path) {
  const std::string suffix = ".safetensors";
  VENTRIS_CHECK(model_path.size() > suffix.size() && model_path.ends_with(suffix), "'{}' is not a .safetensors path",
                model_path);
  return model_path.substr(0, model_path.size() - suffix.size()) + ".state" + suffix;
}

void CheckpointStore::save(models::EncoderDecoder& model, const models::ModelVocabularies& vocabularies,
                           const optim::Adam& adam, const TrainerProgress& progress, bool best) {
  fs::create_directories(dir_);
  const std::string stem = "checkpoint_" + std::to_string(progress.updates);
  const std::string model_path = path(stem);
  const std::string model_checksum = models::save_model(model_path, model, vocabularies);
  io::Metadata meta{{"kind", kStateKind},
                    {"format_version", std::to_string(kFileFormatVersion)},
                    {"model_checksum", model_checksum},
                    {"updates", std::to_string(progress.updates)},
                    {"epoch", std::to_string(progress.position.epoch)},
                    {"next_batch", std::to_string(progress.position.next_batch)},
                    {"best_valid_loss", exact(progress.best_valid_loss)},
                    {"best_valid_bleu", exact(progress.best_valid_bleu)},
                    {"validations_without_improvement", std::to_string(progress.validations_without_improvement)},
                    {"bad_update_streak", std::to_string(progress.bad_update_streak)},
                    {"elapsed_seconds", exact(progress.elapsed_seconds)},
                    {"seed", std::to_string(progress.seed)},
                    {"precision", ops::precision_name(progress.precision)},
                    {"loss_scale", exact(progress.loss_scaler.scale)},
                    {"loss_scale_good_updates", std::to_string(progress.loss_scaler.good_updates)}};
  io::write_safetensors(state_path(model_path), adam.state(), meta);
  link(stem, "checkpoint_last");
  if (best) link(stem, "checkpoint_best");
  prune();
}

void CheckpointStore::link(const std::string& from_stem, const std::string& to_stem) const {
  for (bool state : {false, true}) {
    const std::string from = state ? state_path(path(from_stem)) : path(from_stem);
    const std::string to = state ? state_path(path(to_stem)) : path(to_stem);
    const std::string tmp = to + ".tmp-link";
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_hard_link(from, tmp, ec);
    if (ec) fs::copy_file(from, tmp, fs::copy_options::overwrite_existing);  // filesystems without hard links
    fs::rename(tmp, to);
  }
}

std::vector<std::pair<int64_t, fs::path>> CheckpointStore::numbered() const {
  static const std::regex pattern(R"(checkpoint_(\d+)\.safetensors)");
  std::vector<std::pair<int64_t, fs::path>> found;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, m, pattern)) found.emplace_back(std::stoll(m[1].str()), entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

void CheckpointStore::prune() const {
  if (keep_last_ <= 0) return;
  const std::vector<std::pair<int64_t, fs::path>> found = numbered();
  for (size_t i = 0; i + static_cast<size_t>(keep_last_) < found.size(); ++i) {
    fs::remove(found[i].second);
    fs::remove(state_path(found[i].second.string()));
  }
}

bool CheckpointStore::has_last() const { return fs::exists(path("checkpoint_last")); }

LoadedCheckpoint CheckpointStore::load_last() const { return load("checkpoint_last"); }

LoadedCheckpoint CheckpointStore::load_newest_intact() const {
  try {
    return load("checkpoint_last");
  } catch (const Error& last_error) {
    const auto found = numbered();
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      const std::string stem = it->second.stem().string();
      try {
        LoadedCheckpoint ckpt = load(stem);
        log::warn("train",
                  "cannot resume from {} ({}); resuming from the newest intact checkpoint, {} (update {}): the "
                  "updates after it are trained again",
                  path("checkpoint_last"), last_error.what(), ckpt.model_path, ckpt.progress.updates);
        return ckpt;
      } catch (const Error& e) {
        log::warn("train", "{} is not intact either: {}", path(stem), e.what());
      }
    }
    throw Error(fmt::format("{} (and no numbered checkpoint in {} is intact to resume from instead)",
                            last_error.what(), dir_));
  }
}

LoadedCheckpoint CheckpointStore::load(const std::string& stem) const {
  LoadedCheckpoint out;
  out.model_path = path(stem);
  const std::string spath = state_path(out.model_path);
  out.weights = io::read_safetensors(out.model_path);
  const io::Metadata& model_meta = out.weights.metadata;
  out.model_info = models::parse_model_metadata(model_meta, out.model_path);
  VENTRIS_CHECK(fs::exists(spath), "{}: missing (the trainer state beside {}); cannot resume — train with --no-resume "
                "--force to start over", spath, out.model_path);
  out.optimizer_state = io::read_safetensors(spath);
  const io::Metadata& meta = out.optimizer_state.metadata;
  VENTRIS_CHECK(meta.count("kind") && meta.at("kind") == kStateKind, "{}: not a ventris trainer state file", spath);
  const int64_t version = int_field(meta, "format_version", spath);
  VENTRIS_CHECK(version == kFileFormatVersion, "{}: trainer state format version {} is not supported (this build: {})",
                spath, version, kFileFormatVersion);
  VENTRIS_CHECK(field(meta, "model_checksum", spath) == model_meta.at(io::kDataChecksumKey),
                "{} does not belong to {} (saved by different checkpoints; an interrupted save?)", spath,
                out.model_path);
  TrainerProgress& p = out.progress;
  p.updates = int_field(meta, "updates", spath);
  p.position = {int_field(meta, "epoch", spath), int_field(meta, "next_batch", spath)};
  p.best_valid_loss = double_field(meta, "best_valid_loss", spath);
  p.best_valid_bleu = double_field(meta, "best_valid_bleu", spath);
  p.validations_without_improvement = int_field(meta, "validations_without_improvement", spath);
  p.bad_update_streak = static_cast<int>(int_field(meta, "bad_update_streak", spath));
  p.elapsed_seconds = double_field(meta, "elapsed_seconds", spath);
  p.seed = int_field(meta, "seed", spath);
  // States written before mixed precision existed lack these keys: those runs were fp32.
  if (meta.count("precision")) {
    try {
      p.precision = ops::parse_precision(field(meta, "precision", spath));
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {}", spath, e.what()));
    }
    p.loss_scaler.scale = double_field(meta, "loss_scale", spath);
    p.loss_scaler.good_updates = int_field(meta, "loss_scale_good_updates", spath);
  }
  return out;
}

}  // namespace ventris::train
