#include "cli/parse_errors.h"

#include <fmt/format.h>

namespace ventris::cli {

namespace {

// A single-valued option that received more than one value: given twice
// (FlagBinder's options take one word each, so every value is an occurrence).
const CLI::Option* repeated_option(const CLI::App& app) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() || opt->get_items_expected_max() != 1 || opt->get_allow_extra_args()) continue;
    if (opt->count() > 1) return opt;
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (const CLI::Option* opt = repeated_option(*sub)) return opt;
  return nullptr;
}

}  // namespace

std::string usage_error_message(const CLI::App& app, const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    if (const CLI::Option* opt = repeated_option(app)) {
      std::string values;
      for (const std::string& v : opt->results()) values += (values.empty() ? "" : ", ") + v;
      return fmt::format("{} is given {} times ({}); give it once", opt->get_name(), opt->count(), values);
    }
  }
  return e.what();
}

}  // namespace ventris::cli
