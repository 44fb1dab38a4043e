// Temp files and folders a ventris process leaves when it is killed in the
// middle of a write, found by their names and removed at the next start:
//
//   <target>.tmp-<pid>-XXXXXX   AtomicFile (io/atomic_file.h) and preprocess's
//                               temp folder, written by this version: the
//                               writer's pid is in the name
//   <target>.tmp-XXXXXX         the same from versions before the pid
//   <target>.tmp-link           a checkpoint link being replaced (train/checkpoint.cpp)
//
// A pid-tagged entry is stale when its pid no longer runs. An untagged one
// has no owner to ask, so it is removed only where the caller holds the lock
// of the folder or output (io/folder_lock.h): no other writer can be at work.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ventris::io {

// The parts of a temp name: what it stands in for, and its writer (0: untagged).
struct TempName {
  std::string target;
  int64_t pid = 0;
};
std::optional<TempName> parse_temp_name(const std::string& file_name);

// The name AtomicFile and preprocess give a temp beside `path`, before
// mkstemp/mkdtemp fill in the X's: "<path>.tmp-<pid>-XXXXXX".
std::string temp_name_pattern(const std::string& path);

// True while process `pid` exists (it may belong to another user).
bool process_alive(int64_t pid);

// Removes from `folder` the stale temp entries (files or folders) whose target
// `is_ours` accepts; untagged ones only when `locked`. Logs each removal and
// returns how many there were. A missing folder has none.
int remove_stale_temp_files(const std::string& folder, const std::function<bool(const std::string&)>& is_ours,
                            bool locked);

}  // namespace ventris::io
