#include "train/metrics_log.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "io/atomic_file.h"

namespace ventris::train {

MetricsLog::MetricsLog(std::string path, int64_t keep_through_update) : path_(std::move(path)) {
  std::string kept;
  if (keep_through_update >= 0 && std::filesystem::exists(path_)) {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      try {
        const auto record = nlohmann::json::parse(line);
        if (record.value("update", int64_t{0}) <= keep_through_update) kept += line + "\n";
      } catch (const nlohmann::json::exception&) {
        // A line cut by a crash: drop it.
      }
    }
  }
  io::write_file_atomically(path_, kept);
  file_ = std::fopen(path_.c_str(), "a");
  VENTRIS_CHECK(file_ != nullptr, "cannot open '{}' for appending: {}", path_, std::strerror(errno));
}

MetricsLog::~MetricsLog() {
  if (file_) std::fclose(file_);
}

void MetricsLog::append(const nlohmann::json& record) {
  const std::string line = record.dump() + "\n";
  VENTRIS_CHECK(std::fwrite(line.data(), 1, line.size(), file_) == line.size() && std::fflush(file_) == 0,
                "cannot write '{}': {}", path_, std::strerror(errno));
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<int64_t>(std::llround(seconds));
  const int64_t h = s / 3600, m = (s / 60) % 60, sec = s % 60;
  return h > 0 ? fmt::format("{}:{:02d}:{:02d}", h, m, sec) : fmt::format("{}:{:02d}", m, sec);
}

}  // namespace ventris::train
