// Runs `ventris` in this test process (cli::run_cli), so a family or kernel
// table a test registered is what the command sees.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/subcommand.h"

namespace ventris::test {

// args[0] is the program name.
inline int run_cli(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return cli::run_cli(static_cast<int>(argv.size()), argv.data());
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace ventris::test
