#include "io/remove_on_signal.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>

#include "core/error.h"

namespace ventris::io {

namespace {

constexpr int kSlots = 8;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

struct Slot {
  std::atomic<bool> used{false};
  char path[PATH_MAX] = {};
};
Slot g_slots[kSlots];
int g_registered = 0;  // changed by the main thread only
struct sigaction g_previous[3];
bool g_installed[3] = {};  // a signal ignored at start (nohup, a background job's SIGINT) stays ignored

// Removes the files of a flat folder, then the folder. Another thread may
// still be adding a file while this runs: a few passes catch it.
void remove_folder(const char* path) {
  for (int pass = 0; pass < 3; ++pass) {
    const int dir = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    alignas(8) char buffer[4096];
    long n;
    while ((n = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer)) > 0) {
      for (long at = 0; at < n;) {
        const auto* entry = reinterpret_cast<const struct dirent64*>(buffer + at);
        const char* name = entry->d_name;
        if (!(name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))))
          ::unlinkat(dir, name, 0);
        at += entry->d_reclen;
      }
    }
    ::close(dir);
    if (::rmdir(path) == 0 || errno != ENOTEMPTY) return;
  }
}

extern "C" void remove_then_resignal(int sig) {
  const int saved_errno = errno;
  for (Slot& slot : g_slots) {
    if (!slot.used.load(std::memory_order_acquire)) continue;
    if (::unlink(slot.path) != 0 && (errno == EISDIR || errno == EPERM)) remove_folder(slot.path);
  }
  // The previous action (by default: end the process with this signal).
  for (int i = 0; i < 3; ++i)
    if (kSignals[i] == sig && g_installed[i]) ::sigaction(sig, &g_previous[i], nullptr);
  errno = saved_errno;
  ::raise(sig);
}

}  // namespace

RemoveOnSignal::RemoveOnSignal(const std::string& path) {
  VENTRIS_CHECK(path.size() < PATH_MAX, "path too long to clean up on a signal: '{}'", path);
  for (int i = 0; i < kSlots && slot_ < 0; ++i)
    if (!g_slots[i].used.load(std::memory_order_relaxed)) slot_ = i;
  VENTRIS_CHECK(slot_ >= 0, "more than {} temp outputs to clean up on a signal", kSlots);
  std::memcpy(g_slots[slot_].path, path.c_str(), path.size() + 1);
  g_slots[slot_].used.store(true, std::memory_order_release);
  if (g_registered++ == 0) {
    struct sigaction action {};
    action.sa_handler = remove_then_resignal;
    sigemptyset(&action.sa_mask);
    for (int sig : kSignals) sigaddset(&action.sa_mask, sig);  // one cleanup at a time
    for (int i = 0; i < 3; ++i) {
      ::sigaction(kSignals[i], nullptr, &g_previous[i]);
      g_installed[i] = g_previous[i].sa_handler != SIG_IGN;
      if (g_installed[i]) ::sigaction(kSignals[i], &action, nullptr);
    }
  }
}

RemoveOnSignal::~RemoveOnSignal() {
  g_slots[slot_].used.store(false, std::memory_order_release);
  if (--g_registered == 0)
    for (int i = 0; i < 3; ++i)
      if (g_installed[i]) ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

}  // namespace ventris::io
