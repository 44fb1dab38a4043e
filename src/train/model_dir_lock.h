// One `ventris train` per model folder (issue #18: two trainings in one folder
// interleaved checkpoints and metrics, and one resumed from the other's
// half-finished state). The trainer holds this for its whole run: the folder
// is created if needed and locked (io/folder_lock.h; a second trainer fails at
// once naming this one's pid), and the temp files of checkpoint or metrics
// writes that a killed run left are removed (io/stale_temp_files.h).
#pragma once

#include <memory>
#include <string>

#include "io/folder_lock.h"

namespace ventris::train {

class ModelDirLock {
 public:
  explicit ModelDirLock(const std::string& model_dir);
  // Releases the lock; a folder this run created and left empty (a run that
  // failed before writing anything) is removed again.
  ~ModelDirLock();
  ModelDirLock(const ModelDirLock&) = delete;
  ModelDirLock& operator=(const ModelDirLock&) = delete;

 private:
  std::string dir_;
  bool created_ = false;
  std::unique_ptr<io::FolderLock> lock_;
};

// The files a training run writes in its model folder (checkpoints, their
// trainer states and links, metrics.jsonl), by name.
bool is_training_file_name(const std::string& file_name);

}  // namespace ventris::train
