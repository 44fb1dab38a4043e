// The exception types alone, without fmt, so nvcc-compiled files can throw them.
#pragma once

#include <stdexcept>
#include <string>

namespace ventris {

// A failure the user can act on (bad input, bad config, missing file).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A command-line usage error: main() exits with code 2 instead of 1.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message) {}
};

}  // namespace ventris
