// Each subcommand lives in its own file under src/cli/ and registers itself
// with VENTRIS_REGISTER_SUBCOMMAND; main() knows none of them by name.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "config/flags.h"
#include "config/global_options.h"

namespace ventris::cli {

class Subcommand {
 public:
  virtual ~Subcommand() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Adds this command's config sections to the root schema. Called for every
  // registered command, so a YAML file may hold sections of several commands.
  virtual void describe_config(config::Schema& root) {}
  // Adds options and positionals to `cmd`; use `flags` for config fields.
  virtual void add_options(CLI::App& cmd, config::FlagBinder& flags) = 0;
  // Runs after configs and flags are applied. Returns the exit code.
  virtual int run(const config::GlobalOptions& global) = 0;
};

// Makers of every registered subcommand: each run_cli call makes fresh
// instances, so the command line can run more than once in a process (tests).
using SubcommandMaker = std::unique_ptr<Subcommand> (*)();
std::vector<SubcommandMaker>& subcommand_registry();

// Parses the command line and runs the chosen subcommand; throws on errors.
int run_cli(int argc, char** argv);

}  // namespace ventris::cli

#define VENTRIS_REGISTER_SUBCOMMAND(Type)                                                  \
  namespace {                                                                              \
  [[maybe_unused]] const bool ventris_registered_##Type =                                  \
      (::ventris::cli::subcommand_registry().push_back(                                    \
           []() -> std::unique_ptr<::ventris::cli::Subcommand> { return std::make_unique<Type>(); }), \
       true);                                                                              \
  }
