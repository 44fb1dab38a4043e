// SIGINT/SIGTERM during training: the handler only raises a flag; the trainer
// finishes the current update, writes a checkpoint and exits 0. A second
// signal while the first is pending restores the default action (so a stuck
// run can still be killed with another Ctrl-C).
#pragma once

namespace ventris::train {

class StopSignalScope {
 public:
  StopSignalScope();   // installs the handlers
  ~StopSignalScope();  // restores the previous ones
  StopSignalScope(const StopSignalScope&) = delete;
  StopSignalScope& operator=(const StopSignalScope&) = delete;

  static bool requested();
  static int signal_number();  // the signal received (0 = none)
};

}  // namespace ventris::train
