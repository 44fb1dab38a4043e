// Temp outputs that must not outlive an interrupted command: while a
// RemoveOnSignal lives, SIGINT, SIGTERM and SIGHUP first remove its path (a
// file, or a folder of files as preprocess builds), then take their previous
// action — by default ending the process, with the status the signal gives.
// A signal ignored when the first one is made (nohup's SIGHUP, SIGINT in a
// shell's background job) stays ignored.
// `translate -o` and `preprocess` use it; `train` stops gracefully on these
// signals instead (train/stop_signal.h) and keeps its own temp handling.
//
// The handler uses only async-signal-safe calls (open, getdents64, unlinkat,
// rmdir, sigaction, raise), on paths copied into fixed slots beforehand.
#pragma once

#include <string>

namespace ventris::io {

class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const std::string& path);
  ~RemoveOnSignal();  // the path is no longer removed; the handlers go with the last one
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace ventris::io
