#include "io/stale_temp_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <regex>

#include "core/logging.h"

namespace ventris::io {

namespace fs = std::filesystem;

std::optional<TempName> parse_temp_name(const std::string& file_name) {
  // mkstemp's X's become letters and digits.
  static const std::regex tagged(R"((.+)\.tmp-([0-9]+)-[A-Za-z0-9]{6})");
  static const std::regex untagged(R"((.+)\.tmp-(?:[A-Za-z0-9]{6}|link))");
  std::smatch m;
  if (std::regex_match(file_name, m, tagged)) return TempName{m[1].str(), std::stoll(m[2].str())};
  if (std::regex_match(file_name, m, untagged)) return TempName{m[1].str(), 0};
  return std::nullopt;
}

std::string temp_name_pattern(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX"; }

bool process_alive(int64_t pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

int remove_stale_temp_files(const std::string& folder, const std::function<bool(const std::string&)>& is_ours,
                            bool locked) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return 0;
  int removed = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    const std::optional<TempName> temp = parse_temp_name(name);
    if (!temp || !is_ours(temp->target)) continue;
    if (temp->pid == 0 ? !locked : (temp->pid == ::getpid() || process_alive(temp->pid))) continue;
    std::error_code remove_error;
    fs::remove_all(entry.path(), remove_error);
    if (remove_error) {
      log::warn("io", "cannot remove the stale temp file '{}': {}", entry.path().string(), remove_error.message());
      continue;
    }
    ++removed;
    log::info("io", "removed '{}', left by an interrupted write{}", entry.path().string(),
              temp->pid > 0 ? fmt::format(" (pid {})", temp->pid) : std::string());
  }
  return removed;
}

}  // namespace ventris::io
