#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "io/stale_temp_files.h"

namespace ventris::io {

namespace {
void fsync_folder(const std::string& file_path) {
  const std::filesystem::path parent = std::filesystem::path(file_path).parent_path();
  const std::filesystem::path folder = parent.empty() ? std::filesystem::path(".") : parent;
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}
}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  std::string pattern = temp_name_pattern(path_);  // the pid marks it as ours when it outlives us
  int fd = ::mkstemp(pattern.data());
  VENTRIS_CHECK(fd >= 0, "cannot create a temporary file beside '{}': {}", path_, std::strerror(errno));
  temp_path_ = pattern;
  file_ = ::fdopen(fd, "wb");
  VENTRIS_CHECK(file_ != nullptr, "cannot open '{}': {}", temp_path_, std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
}

void AtomicFile::write(const void* data, size_t bytes) {
  VENTRIS_CHECK(file_ && !committed_, "write to a closed file '{}'", path_);
  if (bytes == 0) return;
  VENTRIS_CHECK(std::fwrite(data, 1, bytes, file_) == bytes, "cannot write '{}': {}", temp_path_,
                std::strerror(errno));
}

void AtomicFile::commit() {
  VENTRIS_CHECK(file_ && !committed_, "commit of a closed file '{}'", path_);
  VENTRIS_CHECK(std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0, "cannot flush '{}': {}", temp_path_,
                std::strerror(errno));
  std::FILE* file = file_;
  file_ = nullptr;
  VENTRIS_CHECK(std::fclose(file) == 0, "cannot close '{}': {}", temp_path_, std::strerror(errno));
  VENTRIS_CHECK(std::rename(temp_path_.c_str(), path_.c_str()) == 0, "cannot rename '{}' to '{}': {}", temp_path_,
                path_, std::strerror(errno));
  committed_ = true;
  fsync_folder(path_);
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicFile f(path);
  f.write(contents);
  f.commit();
}

}  // namespace ventris::io
