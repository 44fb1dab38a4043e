// Stale temp files (io/stale_temp_files.h): recognised by name, removed only
// when their writer is gone (pid-tagged) or the caller holds the lock
// (untagged), and only for targets the caller owns.
#include "io/stale_temp_files.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "cli/run_binary.h"
#include "cli/spawned_ventris.h"

namespace ventris::io {
namespace {

namespace fs = std::filesystem;
using test::ScopedTempDir;
using test::write_file;

TEST(StaleTempFiles, NamesAreParsed) {
  const auto tagged = parse_temp_name("checkpoint_4.safetensors.tmp-4242-aZ09xY");
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->target, "checkpoint_4.safetensors");
  EXPECT_EQ(tagged->pid, 4242);
  const auto old = parse_temp_name("out.txt.tmp-aZ09xY");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->target, "out.txt");
  EXPECT_EQ(old->pid, 0);
  EXPECT_EQ(parse_temp_name("checkpoint_last.safetensors.tmp-link")->target, "checkpoint_last.safetensors");
  for (const char* not_ours : {"out.txt", "out.txt.tmp", "out.txt.tmp-abc", "out.txt.tmp-12-abc", "x.tmp-1234567"})
    EXPECT_FALSE(parse_temp_name(not_ours)) << not_ours;
  EXPECT_EQ(temp_name_pattern("/a/b.txt"), fmt::format("/a/b.txt.tmp-{}-XXXXXX", ::getpid()));
}

TEST(StaleTempFiles, OnlyEndedWritersOrLockedFoldersAndOnlyOwnTargets) {
  ScopedTempDir dir("ventris-stale");
  const pid_t dead = test::ended_pid();
  const std::string dead_file = fmt::format("checkpoint_2.safetensors.tmp-{}-AbC123", dead);
  const std::string own_file = fmt::format("checkpoint_2.safetensors.tmp-{}-XyZ789", ::getpid());
  const std::string live_file = fmt::format("checkpoint_2.safetensors.tmp-{}-QwE456", ::getppid());
  const std::string untagged = "checkpoint_last.safetensors.tmp-link";
  const std::string foreign = fmt::format("notes.txt.tmp-{}-AbC123", dead);
  const std::string dead_folder = fmt::format("checkpoint_data.safetensors.tmp-{}-Folder", dead);
  for (const auto& f : {dead_file, own_file, live_file, untagged, foreign}) write_file(dir / f, "x");
  fs::create_directory(dir / dead_folder);
  write_file(dir / (dead_folder + "/train.bin"), "x");
  const auto ours = [](const std::string& target) { return target.starts_with("checkpoint"); };

  EXPECT_EQ(remove_stale_temp_files(dir.path(), ours, /*locked=*/false), 2);
  EXPECT_FALSE(fs::exists(dir / dead_file));
  EXPECT_FALSE(fs::exists(dir / dead_folder));
  for (const auto& kept : {own_file, live_file, untagged, foreign}) EXPECT_TRUE(fs::exists(dir / kept)) << kept;

  EXPECT_EQ(remove_stale_temp_files(dir.path(), ours, /*locked=*/true), 1);
  EXPECT_FALSE(fs::exists(dir / untagged));
  for (const auto& kept : {own_file, live_file, foreign}) EXPECT_TRUE(fs::exists(dir / kept)) << kept;
  EXPECT_EQ(remove_stale_temp_files(dir / "missing", ours, true), 0);
}

}  // namespace
}  // namespace ventris::io
