// One writer per folder: an exclusive lock that a second process asking for it
// is refused at once, with the holder's pid in the message. The lock is
// flock(2) on a lock file, so the kernel releases it when its process ends,
// however it ends (kill -9 included): a lock left by a killed process is never
// held, and the next writer takes it over (saying so, with the dead pid the
// file still names). `train` locks its model folder, `preprocess` its output.
#pragma once

#include <cstdint>
#include <string>

namespace ventris::io {

class FolderLock {
 public:
  // Locks `lock_path` for `command` (a few words for the message, "ventris
  // train"). `what` names the locked thing in errors ("model folder 'm'").
  // Throws Error when another process holds it: "<what> is in use by another
  // ventris process (pid N, ventris train); ...".
  FolderLock(std::string lock_path, std::string what, const std::string& command);
  // Removes the lock file, then releases the lock.
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  // The pid a previous holder left in the file (it ended without removing
  // it: killed, or a crash), 0 when there was none.
  int64_t previous_holder() const { return previous_holder_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  int64_t previous_holder_ = 0;
};

// Where a folder's lock file lives: inside it, so every path that reaches the
// folder (relative, absolute, through a link) finds the same lock.
std::string lock_file_in(const std::string& folder);
// A lock for an output that is replaced by renaming (preprocess writes a
// temp folder and renames it over the output): a file beside it.
std::string lock_file_beside(const std::string& output);

}  // namespace ventris::io
