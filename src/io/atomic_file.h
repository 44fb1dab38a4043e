// Writes that never leave a half-written file: data goes to a temp file in
// the destination's folder, is fsynced, renamed over the destination, and the
// folder is fsynced so the rename survives a crash.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ventris::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);  // opens "<path>.tmp-<pid>-XXXXXX" beside it (io/stale_temp_files.h)
  ~AtomicFile();                          // not committed: the temp file is removed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t bytes);
  void write(std::string_view text) { write(text.data(), text.size()); }
  // fsync, rename over the destination, fsync the folder.
  void commit();
  const std::string& temp_path() const { return temp_path_; }

 private:
  std::string path_, temp_path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Whole-file convenience.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace ventris::io
