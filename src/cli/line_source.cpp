#include "cli/line_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace ventris::cli {

LineSource::LineSource(const std::string& path) {
  if (path == "-" || path.empty()) {
    fd_ = 0;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    VENTRIS_CHECK(fd_ >= 0, "cannot open input file '{}': {}", path, std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) total_ = static_cast<uint64_t>(st.st_size);
}

LineSource::~LineSource() {
  if (fd_ > 0) ::close(fd_);
}

bool LineSource::fill(bool block) {
  if (eof_) return false;
  if (!block) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return true;  // nothing yet, but more may come
  }
  char chunk[1 << 16];
  ssize_t n;
  do {
    n = ::read(fd_, chunk, sizeof chunk);
  } while (n < 0 && errno == EINTR);
  VENTRIS_CHECK(n >= 0, "cannot read the input: {}", std::strerror(errno));
  if (n == 0) {
    eof_ = true;
    return false;
  }
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool LineSource::next(std::string& line) {
  for (;;) {
    const size_t newline = buffer_.find('\n', pos_);
    if (newline != std::string::npos || (eof_ && pos_ < buffer_.size())) {
      const size_t end = newline == std::string::npos ? buffer_.size() : newline;
      line.assign(buffer_, pos_, end - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      consumed_ += (newline == std::string::npos ? end : end + 1) - pos_;
      pos_ = newline == std::string::npos ? end : end + 1;
      if (pos_ > (1u << 20)) {  // keep the buffer small on long inputs
        buffer_.erase(0, pos_);
        pos_ = 0;
      }
      return true;
    }
    if (eof_) return false;
    fill(true);
  }
}

bool LineSource::ready() {
  for (;;) {
    if (eof_ || buffer_.find('\n', pos_) != std::string::npos) return true;
    const size_t before = buffer_.size();
    if (!fill(false)) return true;
    if (buffer_.size() == before) return false;  // nothing arrived yet
  }
}

}  // namespace ventris::cli
