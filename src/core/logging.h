// One spdlog logger; messages carry a component tag such as [train] or [data].
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace ventris::log {

// Sets up console (stderr) output and, when `file` is not empty, a log file.
// `level` is one of trace, debug, info, warn, error, off.
void init(const std::string& level, const std::string& file);

template <class... Args>
void info(const char* component, fmt::format_string<Args...> f, Args&&... args) {
  spdlog::info("[{}] {}", component, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void warn(const char* component, fmt::format_string<Args...> f, Args&&... args) {
  spdlog::warn("[{}] {}", component, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void debug(const char* component, fmt::format_string<Args...> f, Args&&... args) {
  spdlog::debug("[{}] {}", component, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace ventris::log
