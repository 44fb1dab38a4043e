// Where a line filter (translate, tokenize, detokenize) writes: standard
// output, flushed and checked when asked (a full disk stops the run at once
// instead of writing the rest into nowhere), or a file committed atomically
// at the end, so an interrupted run never leaves a partial output file. The
// file's temp is removed on SIGINT/SIGTERM, and temps that killed runs left
// for the same output are removed first.
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "io/atomic_file.h"
#include "io/remove_on_signal.h"
#include "io/stale_temp_files.h"
#include "io/standard_output.h"

namespace ventris::cli {

class OutputSink {
 public:
  explicit OutputSink(const std::string& path) {  // "-" or "" = standard output
    if (path == "-" || path.empty()) return;
    const std::filesystem::path p = std::filesystem::absolute(path);
    const std::string name = p.filename().string();
    io::remove_stale_temp_files(p.parent_path().string(), [&](const std::string& target) { return target == name; },
                                /*locked=*/false);
    file_.emplace(path);
    cleanup_.emplace(file_->temp_path());
  }
  void write(std::string_view text) {
    if (file_) {
      file_->write(text);
    } else {
      std::cout << text;
    }
  }
  void flush() {
    if (!file_) io::flush_standard_output();
  }
  void commit() {
    if (file_) file_->commit();
    cleanup_.reset();
    flush();
  }

 private:
  std::optional<io::AtomicFile> file_;
  std::optional<io::RemoveOnSignal> cleanup_;
};

}  // namespace ventris::cli
