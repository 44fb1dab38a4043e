#include "train/precision.h"

#include "core/cuda_api.h"

namespace ventris::train {

ops::GemmPrecision resolve_precision(PrecisionSetting setting, Device device) {
  switch (setting) {
    case PrecisionSetting::kFp32: return ops::GemmPrecision::F32;
    case PrecisionSetting::kBf16: return ops::GemmPrecision::BF16;
    case PrecisionSetting::kFp16: return ops::GemmPrecision::F16;
    case PrecisionSetting::kAuto: break;
  }
  if (!device.is_cuda()) return ops::GemmPrecision::F32;
  for (const cuda::DeviceInfo& d : cuda::list_devices())
    if (d.index == device.index) return d.compute_major >= 8 ? ops::GemmPrecision::BF16 : ops::GemmPrecision::F32;
  return ops::GemmPrecision::F32;  // unreachable once the model is on the device: it exists
}

}  // namespace ventris::train
