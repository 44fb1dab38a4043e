// The real binary started in the background (posix_spawn), for tests that
// signal or race it: its standard input is a pipe the test holds open (so a
// command reading it waits there), its outputs go to files.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ventris::test {

class SpawnedVentris {
 public:
  // `args` after the binary name; stdout and stderr go to these files.
  SpawnedVentris(const std::vector<std::string>& args, const std::string& stdout_path, const std::string& stderr_path);
  ~SpawnedVentris();  // kills the process if it still runs
  SpawnedVentris(const SpawnedVentris&) = delete;
  SpawnedVentris& operator=(const SpawnedVentris&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // Waits for the end: the exit code, or 128 + the signal that ended it.
  int wait();
  bool running() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  bool waited_ = false;
};

// Polls every few milliseconds until `ready()` is true (returns true) or
// `seconds` passed (returns false).
bool wait_until(const std::function<bool()>& ready, double seconds);

// The pid of a process that existed and has ended (a child reaped at once).
pid_t ended_pid();

}  // namespace ventris::test
