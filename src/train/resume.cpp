#include "train/resume.h"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

#include "core/error.h"
#include "core/logging.h"

namespace ventris::train {

namespace fs = std::filesystem;

namespace {

bool is_training_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "metrics.jsonl" || (name.starts_with("checkpoint") && name.find(".safetensors") != std::string::npos);
}

}  // namespace

StartMode prepare_model_dir(const TrainConfig& config) {
  const fs::path dir(config.model_dir);
  if (fs::exists(dir)) VENTRIS_CHECK(fs::is_directory(dir), "model_dir '{}' exists and is not a folder", dir.string());
  std::vector<fs::path> existing;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (is_training_file(entry.path())) existing.push_back(entry.path());
  const bool has_last = fs::exists(dir / "checkpoint_last.safetensors");
  if (has_last && !config.no_resume) return StartMode::Resume;
  if (existing.empty()) return StartMode::Fresh;
  VENTRIS_CHECK(config.no_resume && config.force,
                "model_dir '{}' already holds {} training file(s) but no checkpoint_last to resume from{}; "
                "pass --no-resume --force to start over (they are then removed)",
                dir.string(), existing.size(), has_last ? " (resume disabled)" : "");
  for (const auto& p : existing) fs::remove(p);
  log::info("train", "--no-resume --force: removed {} old checkpoint/metrics file(s) from {}", existing.size(),
            dir.string());
  return StartMode::Fresh;
}

std::string model_shape_difference(const models::ModelConfig& saved, const models::ModelConfig& now) {
  auto diff = [](const char* key, const auto& a, const auto& b) -> std::string {
    return a == b ? "" : fmt::format("model.{} is {} in the checkpoint but {} now", key, a, b);
  };
  for (const std::string& d : {diff("arch", saved.arch, now.arch),
                               diff("encoder_layers", saved.encoder_layers, now.encoder_layers),
                               diff("decoder_layers", saved.decoder_layers, now.decoder_layers),
                               diff("d_model", saved.d_model, now.d_model), diff("ffn_dim", saved.ffn_dim, now.ffn_dim),
                               diff("heads", saved.heads, now.heads),
                               diff("share_embeddings", saved.share_embeddings, now.share_embeddings),
                               diff("normalize_before", saved.normalize_before, now.normalize_before),
                               diff("positions", saved.positions, now.positions),
                               diff("max_positions", now.positions == "learned" ? saved.max_positions : 0,
                                    now.positions == "learned" ? now.max_positions : 0)})
    if (!d.empty()) return d;
  return "";
}

}  // namespace ventris::train
