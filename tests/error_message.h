// Test helper: the message of the ventris::Error a call throws ("" if none).
#pragma once

#include <functional>
#include <string>

#include "core/error.h"

namespace ventris::test {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace ventris::test
