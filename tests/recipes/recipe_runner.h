// Runs a recipe script (recipes/NAME/run.sh) with the test build's ventris,
// one thread, and its output captured: what the recipe tests share.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/run_binary.h"

namespace ventris::test {

struct ScriptResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

inline ScriptResult run_recipe_script(const std::string& recipe, const std::string& args, const std::string& log) {
  const std::string command = "bash " + std::string(VENTRIS_SOURCE_DIR) + "/recipes/" + recipe + "/run.sh --bin " +
                              std::string(VENTRIS_BINARY) + " --threads 1 " + args + " > " + log + " 2>&1";
  const int status = std::system(command.c_str());
  return {WEXITSTATUS(status), read_file(log)};
}

inline size_t count_lines(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// The last non-empty line: where a recipe's one-line error is.
inline std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

}  // namespace ventris::test
