// Reading hypothesis and reference files the way sacreBLEU's command line
// does: UTF-8, lines split on '\n' only, trailing whitespace stripped with
// Python's str.rstrip() (so CRLF, NBSP and U+3000 at line ends go), a
// byte-order mark kept as an ordinary character, empty lines kept.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ventris::metrics {

// The segments of one file: views into the file's bytes, which the object
// owns (a read-only mapping for regular files, a buffer for pipes). Moving
// keeps the views valid.
class Segments {
 public:
  // `path` "-" reads standard input. Throws Error naming the file when it
  // cannot be read, and naming file, line and column on invalid UTF-8.
  static Segments read(const std::string& path);
  // Text already in memory; `name` is used in error messages.
  static Segments from_text(std::string text, const std::string& name);

  Segments(Segments&&) noexcept;
  Segments& operator=(Segments&&) noexcept;
  ~Segments();

  const std::string& name() const { return name_; }
  const std::vector<std::string_view>& lines() const { return lines_; }
  size_t size() const { return lines_.size(); }
  std::vector<std::string> copy_lines() const { return {lines_.begin(), lines_.end()}; }

 private:
  struct Storage;
  Segments() = default;
  void split(std::string_view content);

  std::string name_;
  std::unique_ptr<Storage> storage_;
  std::vector<std::string_view> lines_;
};

// Segments::read(path) as strings.
std::vector<std::string> read_segments(const std::string& path);
// Segments::from_text as strings.
std::vector<std::string> split_segments(std::string_view content, const std::string& name);

// How files are named in messages ("<stdin>" for "-").
std::string display_name(const std::string& path);

}  // namespace ventris::metrics
