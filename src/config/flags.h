// Exposes a Schema's fields as CLI11 flags. Flag values are recorded during
// parsing and applied after the YAML files, so precedence is
// defaults < --config files (in order) < flags.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "config/schema.h"

namespace ventris::config {

// What a wrong flag value is: a config error (exit code 1, as the same value
// in a YAML file), or a usage error (exit code 2) for commands that follow
// another tool's command line (score: sacreBLEU's argparse exits with 2).
enum class FlagErrors { kConfig, kUsage };

class FlagBinder {
 public:
  // Adds --key-with-dashes (and the field's aliases) for every flag-enabled
  // field of `schema` (not of its sections) to `app`. `qualifier` prefixes
  // keys in error messages.
  void bind(CLI::App& app, Schema& schema, const std::string& qualifier = "", FlagErrors errors = FlagErrors::kConfig);
  // Applies the flags that were given on the command line.
  void apply() const;

 private:
  struct Pending {
    Field* field;
    std::string qualified_key;
    std::string flag;
    std::vector<std::string> values;  // filled by CLI11; empty when not given
    bool given = false;
    FlagErrors errors = FlagErrors::kConfig;
    std::string given_as;  // the spelling that gave the values: the flag, or "--early-stop" (a value flag)
    std::string conflict;  // two spellings asking for different values; a usage error at apply()

    // Records `v` as given by `spelling` (the field's flag or one of its value flags).
    void record(std::vector<std::string> v, const std::string& spelling);
  };
  std::vector<std::unique_ptr<Pending>> pending_;
};

std::string flag_name(const std::string& key);  // "max_tokens" -> "--max-tokens"

}  // namespace ventris::config
