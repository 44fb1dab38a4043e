#include "io/folder_replacement.h"

#include <stdlib.h>

#include "core/error.h"
#include "core/logging.h"
#include "io/stale_temp_files.h"

namespace ventris::io {

namespace fs = std::filesystem;

namespace {

fs::path normal_output(const std::string& output) {
  fs::path p = fs::absolute(output).lexically_normal();
  return p.filename().empty() ? p.parent_path() : p;  // "out/" is the folder "out"
}

fs::path old_copy(const fs::path& output) { return output.string() + ".old"; }

// A run killed between "output -> output.old" and "temp -> output" left no
// output but the previous one intact as .old; one killed after them, a .old.
void recover_interrupted_swap(const fs::path& output) {
  const fs::path old = old_copy(output);
  if (!fs::exists(old)) return;
  if (!fs::exists(output)) {
    fs::rename(old, output);
    log::warn("io", "restored '{}' from '{}' (an earlier run was stopped while replacing it)", output.string(),
              old.string());
  } else {
    fs::remove_all(old);
    log::info("io", "removed '{}', left by an earlier run", old.string());
  }
}

}  // namespace

FolderReplacement::FolderReplacement(const std::string& output, bool force, const std::string& command)
    : output_(normal_output(output)),
      lock_((fs::create_directories(output_.parent_path()), lock_file_beside(output_.string())),
            fmt::format("output folder '{}'", output), command),
      lock_cleanup_(lock_.path()) {
  const std::string name = output_.filename().string();
  remove_stale_temp_files(output_.parent_path().string(), [&](const std::string& target) { return target == name; },
                          /*locked=*/true);
  recover_interrupted_swap(output_);
  VENTRIS_CHECK(!fs::exists(output_) || force, "output folder '{}' already exists (use --force to replace it)",
                output);
  std::string pattern = temp_name_pattern(output_.string());
  VENTRIS_CHECK(::mkdtemp(pattern.data()) != nullptr, "cannot create a temporary folder beside '{}'", output);
  temp_ = pattern;
  cleanup_.emplace(temp_.string());
}

FolderReplacement::~FolderReplacement() {
  cleanup_.reset();
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(temp_, ignored);
}

void FolderReplacement::commit() {
  if (fs::exists(output_)) {
    const fs::path old = old_copy(output_);
    fs::remove_all(old);
    fs::rename(output_, old);
    fs::rename(temp_, output_);
    fs::remove_all(old);
  } else {
    fs::rename(temp_, output_);
  }
  committed_ = true;
}

}  // namespace ventris::io
