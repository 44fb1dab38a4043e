// A folder written as a whole and swapped in at the end (preprocess's output):
// nothing half-written ever sits at its path, and a replaced folder stays
// intact until the new one is complete. While it is being built:
//  - the output is locked (io/folder_lock.h): a second writer fails at once;
//  - what killed runs left is cleared first: their temp folders, and a
//    replacement cut between its two renames (the old folder is put back);
//  - the temp folder (and the lock file) is removed on an error, SIGINT,
//    SIGTERM or SIGHUP.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "io/folder_lock.h"
#include "io/remove_on_signal.h"

namespace ventris::io {

class FolderReplacement {
 public:
  // Throws Error when `output` exists and `force` is off, or another process
  // writes it. `command` names this one in the lock ("ventris preprocess").
  FolderReplacement(const std::string& output, bool force, const std::string& command);
  ~FolderReplacement();  // not committed: the temp folder is removed
  FolderReplacement(const FolderReplacement&) = delete;
  FolderReplacement& operator=(const FolderReplacement&) = delete;

  // Where to write the new contents.
  const std::filesystem::path& temp() const { return temp_; }
  // Swaps the temp folder in at the output's path (an old folder goes away).
  void commit();

 private:
  std::filesystem::path output_, temp_;
  FolderLock lock_;
  RemoveOnSignal lock_cleanup_;            // a signal leaves no lock file either
  std::optional<RemoveOnSignal> cleanup_;  // the temp folder
  bool committed_ = false;
};

}  // namespace ventris::io
