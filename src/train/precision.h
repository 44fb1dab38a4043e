// The GEMM precision of a training run (train.precision; ops/autocast.h).
#pragma once

#include "config/enum_names.h"
#include "core/device.h"
#include "ops/autocast.h"

namespace ventris::train {

// The train.precision setting: a GEMM precision, or auto.
enum class PrecisionSetting { kAuto, kFp32, kBf16, kFp16 };

constexpr auto enum_names(PrecisionSetting) {
  using enum PrecisionSetting;
  return config::enum_table<PrecisionSetting>({{kAuto, "auto"}, {kFp32, "fp32"}, {kBf16, "bf16"}, {kFp16, "fp16"}});
}

// fp32 | bf16 | fp16 as named; `auto` = bf16 on a CUDA device of compute
// capability 8.0 or newer (bf16 tensor cores: A100, H100, RTX 30xx on), fp32
// elsewhere — the CPU (where 16-bit GEMMs only cost time), older GPUs and the
// CUDA emulator (which reports capability 0.0).
ops::GemmPrecision resolve_precision(PrecisionSetting setting, Device device);

}  // namespace ventris::train
