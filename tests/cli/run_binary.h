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
// The same with standard output sent to `stdout_redirect`, a shell redirection
// target such as "/dev/full" or "&-" (closed); `out` is then empty.
CommandResult run_ventris_with_stdout(const std::string& args, const std::string& stdout_redirect,
                                      const std::string& stdin_text = "");

// Runs a shell command line (e.g. mpirun ... ventris ...) the same way.
CommandResult run_command(const std::string& command, const std::string& stdin_text = "");

// A fresh empty directory under the system temp dir.
std::string make_temp_dir(const std::string& prefix);

// A temp dir removed (with its contents) when the object goes out of scope.
class ScopedTempDir {
 public:
  explicit ScopedTempDir(const std::string& prefix) : path_(make_temp_dir(prefix)) {}
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

}  // namespace ventris::test
