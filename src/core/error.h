// Exceptions with file:line context. Nothing below main() exits or aborts:
// every failure is an exception that main() turns into one `error: ...` line.
#pragma once

#include <fmt/format.h>

#include <string>

#include "core/error_types.h"

namespace ventris {

namespace detail {
[[noreturn]] void throw_check_failure(const char* file, int line, const std::string& message);
}  // namespace detail

}  // namespace ventris

// VENTRIS_CHECK(cond, "fmt {}", args...): throws ventris::Error("file:line: message").
#define VENTRIS_CHECK(cond, ...)                                                              \
  do {                                                                                        \
    if (!(cond)) [[unlikely]]                                                                 \
      ::ventris::detail::throw_check_failure(__FILE__, __LINE__, ::fmt::format(__VA_ARGS__)); \
  } while (0)

#define VENTRIS_FAIL(...) \
  ::ventris::detail::throw_check_failure(__FILE__, __LINE__, ::fmt::format(__VA_ARGS__))
