// Reading parallel text: line pairs streamed from two files, UTF-8 validated,
// with one-line errors that name the file and line (or both files and both
// line counts when they differ).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

namespace ventris::data {

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t find_invalid_utf8(std::string_view text);

class ParallelReader {
 public:
  // skip_invalid: a pair with invalid UTF-8 is returned with invalid() set
  // (and a warning) instead of an error.
  ParallelReader(std::string src_path, std::string tgt_path, bool skip_invalid = false);
  // Next pair (without the newline); false at the end of both files. Throws on
  // invalid UTF-8 (file:line) unless skipping, or when one file ends before the other.
  bool next(std::string& src, std::string& tgt);
  bool invalid() const { return invalid_; }  // the pair just read had invalid UTF-8
  int64_t line() const { return line_; }
  // Bytes read so far and in total (for progress / ETA).
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t total_bytes() const { return total_bytes_; }

 private:
  [[noreturn]] void mismatch(bool src_ended);
  std::string src_path_, tgt_path_;
  std::ifstream src_, tgt_;
  int64_t line_ = 0;
  bool skip_invalid_ = false, invalid_ = false;
  int64_t warnings_ = 0;
  uint64_t bytes_read_ = 0, total_bytes_ = 0;
};

// Lines in a file (for error messages).
int64_t count_lines(const std::string& path);

}  // namespace ventris::data
