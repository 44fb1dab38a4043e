// Build facts reported by `ventris --version`.
#pragma once

#include <string>

namespace ventris {

std::string version_string();   // "0.1.0"
std::string version_report();   // multi-line: version, commit, build type, BLAS, CUDA, threads
// Format version of models, checkpoints and datasets written by this build.
constexpr int kFileFormatVersion = 1;

}  // namespace ventris
