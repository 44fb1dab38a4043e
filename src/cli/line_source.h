// Lines from a file or standard input, read with POSIX calls so that
// `translate` can ask whether another line is already there without waiting:
// a pipe or a terminal gets its translations as soon as the input pauses,
// instead of after a full batch or at end of input.
#pragma once

#include <cstdint>
#include <string>

namespace ventris::cli {

class LineSource {
 public:
  explicit LineSource(const std::string& path);  // "-" = standard input
  ~LineSource();
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  // The next line without its "\n" (and a "\r" before it); false at the end.
  bool next(std::string& line);
  // True when next() can return without blocking (a whole line is buffered,
  // or the input ended).
  bool ready();
  bool is_stdin() const { return fd_ == 0; }
  uint64_t bytes_consumed() const { return consumed_; }
  uint64_t total_bytes() const { return total_; }  // 0 when unknown (pipes)

 private:
  bool fill(bool block);  // reads once; false when nothing more will come
  int fd_ = -1;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t consumed_ = 0, total_ = 0;
};

}  // namespace ventris::cli
