#include "io/standard_output.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <streambuf>

#include "core/error.h"

namespace ventris::io {

namespace {

// A std::streambuf over a file descriptor that keeps the errno of its first
// failed write (C stdio and std::cout only keep an error flag; the reason is
// gone by the time anyone checks).
class CheckedFdBuffer : public std::streambuf {
 public:
  explicit CheckedFdBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
    return ch;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  // Writes the buffered bytes; false (and error_ set) when a write fails.
  bool drain() {
    if (error_ != 0) return false;
    const char* p = pbase();
    while (p < pptr()) {
      const ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        return false;
      }
      p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  int error_ = 0;
  std::array<char, 1 << 16> buffer_{};
};

CheckedFdBuffer* g_checked = nullptr;

[[noreturn]] void lost(int error_number) {
  const char* reason = error_number != 0 ? std::strerror(error_number) : "a write failed";
  throw Error(fmt::format("cannot write to standard output: {}", reason));
}

}  // namespace

void use_checked_standard_output() {
  // Never destroyed: std::cout is flushed once more when the iostreams shut
  // down, after every static object of ours is gone.
  static CheckedFdBuffer* const buffer = new CheckedFdBuffer(STDOUT_FILENO);
  g_checked = buffer;
  std::cout.rdbuf(buffer);
}

void flush_standard_output() {
  std::cout.flush();
  const int error_number = g_checked ? g_checked->error() : 0;
  if (error_number != 0 || std::cout.fail()) lost(error_number);
}

void close_standard_output() {
  flush_standard_output();
  if (!g_checked) return;  // std::cout is not descriptor 1's checked buffer: nothing of ours to close
  if (::close(STDOUT_FILENO) != 0 && errno != EINTR) lost(errno);
}

}  // namespace ventris::io
