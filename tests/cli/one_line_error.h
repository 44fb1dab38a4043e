// Test helper: a command failed the way every ventris failure must — the given
// exit code and exactly one stderr line, `error: ...`, containing each needle.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "cli/run_binary.h"

namespace ventris::test {

inline void expect_one_line_error(const CommandResult& r, int exit_code, std::initializer_list<std::string> needles) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected:\n" << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  for (const std::string& needle : needles) EXPECT_NE(r.err.find(needle), std::string::npos) << needle << "\n" << r.err;
}

}  // namespace ventris::test
