#include "core/error.h"

#include <string_view>

namespace ventris::detail {

void throw_check_failure(const char* file, int line, const std::string& message) {
  // Keep the path short: from "src/" or "cuda/" onwards.
  std::string_view path(file);
  for (std::string_view root : {"/src/", "/cuda/", "/tests/"}) {
    if (auto pos = path.rfind(root); pos != std::string_view::npos) {
      path.remove_prefix(pos + 1);
      break;
    }
  }
  throw Error(fmt::format("{} ({}:{})", message, path, line));
}

}  // namespace ventris::detail
