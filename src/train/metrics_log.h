// <model_dir>/metrics.jsonl: one JSON object per line, {"split": "train" | "valid", "update": ..., ...},
// flushed per line so a crash loses nothing already logged. On resume the
// lines after the checkpoint's update are dropped (they describe updates that
// are about to be redone), by rewriting the file atomically.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace ventris::train {

class MetricsLog {
 public:
  // `keep_through_update` < 0: start a fresh file; otherwise keep the lines
  // with update <= keep_through_update.
  MetricsLog(std::string path, int64_t keep_through_update);
  ~MetricsLog();
  MetricsLog(const MetricsLog&) = delete;
  MetricsLog& operator=(const MetricsLog&) = delete;

  void append(const nlohmann::json& record);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

// "1:02:03" / "2:03" for log lines.
std::string format_duration(double seconds);

}  // namespace ventris::train
