// sacreBLEU-style single-dash long options (-tok, -lc, -sl, -cc, ...) for
// subcommands that mirror another tool's command line. CLI11 reads "-tok" as
// the short flags -t -o -k, so a subcommand registers aliases and run_cli
// rewrites the arguments after that subcommand's name to the long spellings
// before parsing ("-tok" -> "--tokenize", "-tok=intl" -> "--tokenize=intl").
// Nothing after a "--" is rewritten.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ventris::cli {

using ArgvAliases = std::vector<std::pair<std::string, std::string>>;  // {from, to}

// Returns true so it can initialise a static (see VENTRIS_REGISTER_ARGV_ALIASES).
bool register_argv_aliases(const std::string& subcommand, ArgvAliases aliases);

// argv with the registered aliases rewritten; owns the strings.
class RewrittenArgv {
 public:
  RewrittenArgv(int argc, char** argv);
  int argc() const { return static_cast<int>(pointers_.size()) - 1; }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<char*> pointers_;  // args_ as C strings, null-terminated
};

}  // namespace ventris::cli

#define VENTRIS_REGISTER_ARGV_ALIASES(Subcommand, ...)                       \
  namespace {                                                                \
  [[maybe_unused]] const bool ventris_argv_aliases_registered =              \
      ::ventris::cli::register_argv_aliases(Subcommand, __VA_ARGS__);        \
  }
