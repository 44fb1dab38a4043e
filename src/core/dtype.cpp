#include "core/dtype.h"

#include "core/error.h"

namespace ventris {

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::F32: return "F32";
    case DType::BF16: return "BF16";
    case DType::F16: return "F16";
    case DType::I32: return "I32";
    case DType::I64: return "I64";
  }
  return "?";
}

DType dtype_from_name(std::string_view name) {
  for (DType t : {DType::F32, DType::BF16, DType::F16, DType::I32, DType::I64})
    if (dtype_name(t) == name) return t;
  VENTRIS_FAIL("unknown dtype '{}' (expected F32, BF16, F16, I32 or I64)", name);
}

}  // namespace ventris
