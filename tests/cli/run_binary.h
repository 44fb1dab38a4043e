// Runs the real `ventris` binary for end-to-end tests and captures its output.
#pragma once

#include <string>

namespace ventris::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` is appended to the binary path as shell words (quote them yourself).
CommandResult run_ventris(const std::string& args, const std::string& stdin_text = "");

// A fresh empty directory under the system temp dir, removed by the caller if wanted.
std::string make_temp_dir(const std::string& prefix);
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

}  // namespace ventris::test
