#include "cli/run_binary.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ventris::test {

namespace {

// Runs a shell command; its standard output goes to `stdout_redirect`, or is captured when that is empty.
CommandResult run_redirected(const std::string& command, const std::string& stdout_redirect,
                             const std::string& stdin_text) {
  std::string dir = make_temp_dir("ventris-run");
  std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  write_file(in, stdin_text);
  const std::string target = stdout_redirect.empty() ? out : stdout_redirect;
  std::string cmd = "(" + command + ") <" + in + " >" + target + " 2>" + err;
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (stdout_redirect.empty()) r.out = read_file(out);
  r.err = read_file(err);
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

CommandResult run_ventris(const std::string& args, const std::string& stdin_text) {
  return run_redirected(std::string(VENTRIS_BINARY) + " " + args, "", stdin_text);
}

CommandResult run_command(const std::string& command, const std::string& stdin_text) {
  return run_redirected(command, "", stdin_text);
}

CommandResult run_ventris_with_stdout(const std::string& args, const std::string& stdout_redirect,
                                      const std::string& stdin_text) {
  return run_redirected(std::string(VENTRIS_BINARY) + " " + args, stdout_redirect, stdin_text);
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  return pattern;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace ventris::test
