#include "cli/argv_aliases.h"

#include <map>

namespace ventris::cli {

namespace {
std::map<std::string, ArgvAliases>& alias_registry() {
  static std::map<std::string, ArgvAliases> registry;
  return registry;
}
}  // namespace

bool register_argv_aliases(const std::string& subcommand, ArgvAliases aliases) {
  auto& list = alias_registry()[subcommand];
  list.insert(list.end(), aliases.begin(), aliases.end());
  return true;
}

RewrittenArgv::RewrittenArgv(int argc, char** argv) : args_(argv, argv + argc) {
  const ArgvAliases* active = nullptr;
  for (size_t i = 1; i < args_.size(); ++i) {
    std::string& arg = args_[i];
    if (arg == "--") break;
    if (!active) {
      auto it = alias_registry().find(arg);  // the subcommand's name switches its aliases on
      if (it != alias_registry().end()) active = &it->second;
      continue;
    }
    for (const auto& [from, to] : *active) {
      if (arg == from) {
        arg = to;
        break;
      }
      if (arg.size() > from.size() && arg.compare(0, from.size(), from) == 0 && arg[from.size()] == '=') {
        arg = to + arg.substr(from.size());
        break;
      }
    }
  }
  for (auto& a : args_) pointers_.push_back(a.data());
  pointers_.push_back(nullptr);
}

}  // namespace ventris::cli
