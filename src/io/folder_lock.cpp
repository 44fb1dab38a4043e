#include "io/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/logging.h"

namespace ventris::io {

namespace {

// The file's text: "pid <N>\n<command>\n" (what the holder wrote).
std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  ssize_t n;
  off_t at = 0;
  while ((n = ::pread(fd, buffer, sizeof buffer, at)) > 0 && text.size() < 4096) {
    text.append(buffer, static_cast<size_t>(n));
    at += n;
  }
  return text;
}

int64_t holder_pid(const std::string& text) {
  if (!text.starts_with("pid ")) return 0;
  return std::strtoll(text.c_str() + 4, nullptr, 10);
}

std::string holder_command(const std::string& text) {
  const size_t start = text.find('\n');
  if (start == std::string::npos) return "";
  const size_t end = text.find('\n', start + 1);
  return text.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
}

// True when `fd` is still the file at `path` (the previous holder may have
// removed it between our open and our lock: then our lock guards nothing).
bool still_linked(int fd, const std::string& path) {
  struct stat by_fd {}, by_path {};
  if (::fstat(fd, &by_fd) != 0 || ::stat(path.c_str(), &by_path) != 0) return false;
  return by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

}  // namespace

FolderLock::FolderLock(std::string lock_path, std::string what, const std::string& command)
    : path_(std::move(lock_path)) {
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    VENTRIS_CHECK(fd_ >= 0, "cannot create the lock file '{}': {}", path_, std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error_number = errno;
      const std::string text = read_all(fd_);
      ::close(fd_);
      fd_ = -1;
      VENTRIS_CHECK(error_number == EWOULDBLOCK, "cannot lock '{}': {}", path_, std::strerror(error_number));
      const int64_t pid = holder_pid(text);
      const std::string command_text = holder_command(text);
      throw Error(fmt::format("{} is in use by another ventris process ({}{}); wait for it to end or stop it "
                              "(lock file '{}')",
                              what, pid > 0 ? fmt::format("pid {}", pid) : std::string("pid not written yet"),
                              command_text.empty() ? "" : ", " + command_text, path_));
    }
    if (still_linked(fd_, path_)) break;
    ::close(fd_);  // locked a file its previous holder had just removed: start over
  }
  previous_holder_ = holder_pid(read_all(fd_));
  const std::string text = fmt::format("pid {}\n{}\n", ::getpid(), command);
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    const int error_number = errno;
    ::unlink(path_.c_str());
    ::close(fd_);
    fd_ = -1;
    throw Error(fmt::format("cannot write the lock file '{}': {}", path_, std::strerror(error_number)));
  }
  if (previous_holder_ > 0)
    log::warn("lock", "{}: taking over the lock left by pid {}, which ended without releasing it", what,
              previous_holder_);
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  // Unlinked while still held: a process that opened the file meanwhile sees
  // it gone once it gets the lock (still_linked) and creates a fresh one.
  ::unlink(path_.c_str());
  ::close(fd_);
}

std::string lock_file_in(const std::string& folder) {
  return (std::filesystem::path(folder) / "ventris.lock").string();
}

std::string lock_file_beside(const std::string& output) {
  std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(output));
  if (p.filename().empty()) p = p.parent_path();  // "out/" names the folder "out"
  return p.string() + ".lock";
}

}  // namespace ventris::io
