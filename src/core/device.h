// Where a tensor lives. CUDA is part of the type system even in builds
// without it, so code paths and error messages are the same everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ventris {

enum class DeviceKind : uint8_t { CPU, CUDA };

struct Device {
  DeviceKind kind = DeviceKind::CPU;
  int index = 0;  // CUDA ordinal; 0 for the CPU

  static Device cpu() { return {DeviceKind::CPU, 0}; }
  static Device cuda(int index = 0) { return {DeviceKind::CUDA, index}; }
  // Parses "cpu", "cuda" or "cuda:N"; throws Error naming the text otherwise.
  static Device parse(std::string_view text);

  bool is_cpu() const { return kind == DeviceKind::CPU; }
  bool is_cuda() const { return kind == DeviceKind::CUDA; }
  std::string str() const;
  bool operator==(const Device&) const = default;
};

}  // namespace ventris
