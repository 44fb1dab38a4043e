// io::FolderLock: a second holder is refused naming the first's pid; the lock
// file goes with its holder; a lock whose holder was killed (the kernel drops
// flock locks with their process) is taken over, naming the dead pid.
#include "io/folder_lock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "cli/run_binary.h"
#include "cli/spawned_ventris.h"
#include "error_message.h"

namespace ventris::io {
namespace {

namespace fs = std::filesystem;
using test::error_of;
using test::read_file;
using test::ScopedTempDir;
using test::write_file;

TEST(FolderLock, ASecondHolderIsRefusedNamingTheFirstsPid) {
  ScopedTempDir dir("ventris-lock");
  const std::string path = lock_file_in(dir.path());
  {
    FolderLock first(path, "model folder 'm'", "ventris train");
    EXPECT_EQ(first.previous_holder(), 0);
    EXPECT_EQ(read_file(path), fmt::format("pid {}\nventris train\n", ::getpid()));
    // flock locks belong to an open file: a second open in this process conflicts like another process.
    const std::string refused = error_of([&] { FolderLock second(path, "model folder 'm'", "ventris train"); });
    EXPECT_EQ(refused, fmt::format("model folder 'm' is in use by another ventris process (pid {}, ventris train); "
                                   "wait for it to end or stop it (lock file '{}')",
                                   ::getpid(), path));
    EXPECT_TRUE(fs::exists(path)) << "a refused taker leaves the holder's file alone";
  }
  EXPECT_FALSE(fs::exists(path)) << "released with its holder";
  FolderLock again(path, "model folder 'm'", "ventris train");
  EXPECT_EQ(again.previous_holder(), 0);
}

TEST(FolderLock, AFileLeftByAnEndedProcessIsTakenOver) {
  ScopedTempDir dir("ventris-lock");
  const std::string path = lock_file_in(dir.path());
  const pid_t dead = test::ended_pid();
  write_file(path, fmt::format("pid {}\nventris train\n", dead));
  FolderLock lock(path, "model folder 'm'", "ventris train");
  EXPECT_EQ(lock.previous_holder(), dead);
  EXPECT_EQ(read_file(path), fmt::format("pid {}\nventris train\n", ::getpid()));
}

// A holder killed with SIGKILL: refused while it lives, taken over after.
TEST(FolderLock, TheKernelReleasesTheLockOfAKilledHolder) {
  ScopedTempDir dir("ventris-lock");
  const std::string path = lock_file_in(dir.path());
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  if (child == 0) {  // system calls only between fork and _exit
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(1);
    char text[64];
    const int n = std::snprintf(text, sizeof text, "pid %d\nventris test\n", static_cast<int>(::getpid()));
    if (::write(fd, text, static_cast<size_t>(n)) != n) ::_exit(1);
    if (::write(ready[1], "x", 1) != 1) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  const std::string refused = error_of([&] { FolderLock lock(path, "output folder 'o'", "ventris preprocess"); });
  EXPECT_NE(refused.find(fmt::format("(pid {}, ventris test)", child)), std::string::npos) << refused;
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  FolderLock lock(path, "output folder 'o'", "ventris preprocess");
  EXPECT_EQ(lock.previous_holder(), child);
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST(FolderLock, LockFilePaths) {
  EXPECT_EQ(lock_file_in("/data/m"), "/data/m/ventris.lock");
  EXPECT_EQ(lock_file_beside("/tmp/x/out/"), fs::weakly_canonical("/tmp/x").string() + "/out.lock");
}

}  // namespace
}  // namespace ventris::io
