#include "train/model_dir_lock.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "io/stale_temp_files.h"

namespace ventris::train {

namespace fs = std::filesystem;

bool is_training_file_name(const std::string& name) {
  return name == "metrics.jsonl" || (name.starts_with("checkpoint") && name.find(".safetensors") != std::string::npos);
}

ModelDirLock::ModelDirLock(const std::string& model_dir) : dir_(model_dir) {
  VENTRIS_CHECK(!fs::exists(dir_) || fs::is_directory(dir_), "model_dir '{}' exists and is not a folder", dir_);
  created_ = fs::create_directories(dir_);
  try {
    lock_ = std::make_unique<io::FolderLock>(io::lock_file_in(dir_), fmt::format("model folder '{}'", dir_),
                                             "ventris train");
  } catch (...) {
    if (created_) fs::remove(dir_);
    throw;
  }
  io::remove_stale_temp_files(dir_, is_training_file_name, /*locked=*/true);
}

ModelDirLock::~ModelDirLock() {
  lock_.reset();
  std::error_code ignored;
  if (created_ && fs::is_empty(dir_, ignored)) fs::remove(dir_, ignored);
}

}  // namespace ventris::train
