// train.precision resolved per device (train/precision.h).
#include "train/precision.h"

#include <gtest/gtest.h>

#include "core/cuda_api.h"
#include "core/error.h"

namespace ventris::train {
namespace {

using ops::GemmPrecision;

TEST(TrainPrecision, NamedValuesAreTakenAsIsAndAutoIsFp32OnTheCpu) {
  EXPECT_EQ(resolve_precision(PrecisionSetting::kFp32, Device::cpu()), GemmPrecision::F32);
  EXPECT_EQ(resolve_precision(PrecisionSetting::kBf16, Device::cpu()), GemmPrecision::BF16);
  EXPECT_EQ(resolve_precision(PrecisionSetting::kFp16, Device::cpu()), GemmPrecision::F16);
  EXPECT_EQ(resolve_precision(PrecisionSetting::kAuto, Device::cpu()), GemmPrecision::F32);
  EXPECT_THROW(config::parse_enum<PrecisionSetting>("half", "precision"), Error);
}

TEST(TrainPrecision, AutoIsFp32OnTheEmulatedDeviceWhichReportsNoComputeCapability) {
  cuda::set_host_emulation(true);
  const GemmPrecision p = resolve_precision(PrecisionSetting::kAuto, Device::cuda(0));
  const GemmPrecision named = resolve_precision(PrecisionSetting::kBf16, Device::cuda(0));
  cuda::set_host_emulation(false);
  EXPECT_EQ(p, GemmPrecision::F32);
  EXPECT_EQ(named, GemmPrecision::BF16);
}

}  // namespace
}  // namespace ventris::train
