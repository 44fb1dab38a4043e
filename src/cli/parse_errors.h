// CLI11's messages reworded where they are raw: one line that names the flag
// and says what to do (a repeated flag, the commonest case).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace ventris::cli {

// The message for a parse error of `app` (after app.parse threw `e`).
std::string usage_error_message(const CLI::App& app, const CLI::ParseError& e);

}  // namespace ventris::cli
