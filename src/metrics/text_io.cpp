#include "metrics/text_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "metrics/python_text.h"
#include "text/utf8.h"

namespace ventris::metrics {

using text::find_invalid_utf8;

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// Either a mapping of the file or a buffer holding what was read.
struct Segments::Storage {
  void* map = nullptr;
  size_t map_size = 0;
  std::string buffer;
  ~Storage() {
    if (map) munmap(map, map_size);
  }
  std::string_view view() const {
    return map ? std::string_view(static_cast<const char*>(map), map_size) : std::string_view(buffer);
  }
};

Segments::~Segments() = default;
Segments::Segments(Segments&&) noexcept = default;
Segments& Segments::operator=(Segments&&) noexcept = default;

namespace {

[[noreturn]] void fail_read(const std::string& name) {
  throw Error(fmt::format("cannot read '{}': {}", name, std::strerror(errno)));
}

void read_fd(int fd, const std::string& name, std::string& out) {
  char chunk[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got == 0) return;
    if (got < 0) {
      if (errno == EINTR) continue;
      fail_read(name);
    }
    out.append(chunk, static_cast<size_t>(got));
  }
}

}  // namespace

void Segments::split(std::string_view content) {
  lines_.clear();
  size_t start = 0;
  int64_t line_no = 0;
  while (start < content.size()) {
    const void* nl = std::memchr(content.data() + start, '\n', content.size() - start);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - content.data()) : content.size();
    std::string_view line = content.substr(start, end - start);
    ++line_no;
    if (size_t bad = find_invalid_utf8(line); bad != std::string_view::npos) {
      throw Error(fmt::format("{}:{}: invalid UTF-8 (byte 0x{:02X} at byte column {})", name_, line_no,
                              static_cast<unsigned char>(line[bad]), bad + 1));
    }
    lines_.push_back(python_rstrip(line));
    start = end + 1;
  }
}

Segments Segments::from_text(std::string text, const std::string& name) {
  Segments s;
  s.name_ = name;
  s.storage_ = std::make_unique<Storage>();
  s.storage_->buffer = std::move(text);
  s.split(s.storage_->view());
  return s;
}

Segments Segments::read(const std::string& path) {
  Segments s;
  s.name_ = display_name(path);
  s.storage_ = std::make_unique<Storage>();
  if (path == "-") {
    read_fd(STDIN_FILENO, s.name_, s.storage_->buffer);
  } else {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(fmt::format("cannot open '{}': {}", s.name_, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      // Map regular files (populated up front: one call instead of a page
      // fault per page); fall back to reading when that fails.
      void* map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (map != MAP_FAILED) {
        s.storage_->map = map;
        s.storage_->map_size = static_cast<size_t>(st.st_size);
      }
    }
    if (!s.storage_->map) {
      try {
        read_fd(fd, s.name_, s.storage_->buffer);
      } catch (...) {
        ::close(fd);
        throw;
      }
    }
    ::close(fd);
  }
  s.split(s.storage_->view());
  return s;
}

std::vector<std::string> read_segments(const std::string& path) { return Segments::read(path).copy_lines(); }

std::vector<std::string> split_segments(std::string_view content, const std::string& name) {
  return Segments::from_text(std::string(content), name).copy_lines();
}

}  // namespace ventris::metrics
