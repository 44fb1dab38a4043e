// Where a line filter (translate, tokenize, detokenize) writes: standard
// output, flushed when asked, or a file committed atomically at the end, so
// an interrupted run never leaves a partial output file.
#pragma once

#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "io/atomic_file.h"

namespace ventris::cli {

class OutputSink {
 public:
  explicit OutputSink(const std::string& path) {  // "-" or "" = standard output
    if (path != "-" && !path.empty()) file_.emplace(path);
  }
  void write(std::string_view text) {
    if (file_) {
      file_->write(text);
    } else {
      std::cout << text;
    }
  }
  void flush() {
    if (!file_) std::cout.flush();
  }
  void commit() {
    if (file_) file_->commit();
    flush();
  }

 private:
  std::optional<io::AtomicFile> file_;
};

}  // namespace ventris::cli
