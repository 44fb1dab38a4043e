#include "train/resume.h"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

#include "core/error.h"
#include "core/logging.h"
#include "train/model_dir_lock.h"

namespace ventris::train {

namespace fs = std::filesystem;

StartMode prepare_model_dir(const TrainConfig& config) {
  const fs::path dir(config.model_dir);
  if (fs::exists(dir)) VENTRIS_CHECK(fs::is_directory(dir), "model_dir '{}' exists and is not a folder", dir.string());
  std::vector<fs::path> existing;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (is_training_file_name(entry.path().filename().string())) existing.push_back(entry.path());
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

std::string model_structure_difference(const models::ModelConfig& saved, const models::ModelConfig& now) {
  if (saved.arch != now.arch)
    return fmt::format("model.arch is {} in the checkpoint but {} now", saved.arch, now.arch);
  if (saved.heads != now.heads)
    return fmt::format("model.heads is {} in the checkpoint but {} now", saved.heads, now.heads);
  return "";
}

}  // namespace ventris::train
