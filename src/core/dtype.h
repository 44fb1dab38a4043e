// Element types. Compute runs in f32; bf16/f16 are storage formats converted
// at the edges (mixed precision on the GPU); i32/i64 hold token ids and indices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ventris {

enum class DType : uint8_t { F32, BF16, F16, I32, I64 };

constexpr size_t dtype_size(DType t) {
  switch (t) {
    case DType::F32: return 4;
    case DType::BF16: return 2;
    case DType::F16: return 2;
    case DType::I32: return 4;
    case DType::I64: return 8;
  }
  return 0;
}

// Names follow the safetensors spelling (F32, BF16, F16, I32, I64).
std::string_view dtype_name(DType t);
DType dtype_from_name(std::string_view name);  // throws Error on unknown names

template <class T> constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::F32; }
template <> constexpr DType dtype_of<int32_t>() { return DType::I32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::I64; }

}  // namespace ventris
