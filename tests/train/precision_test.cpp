// train.precision resolved per device (train/precision.h).
#include "train/precision.h"

#include <gtest/gtest.h>

#include "core/cuda_api.h"
#include "core/error.h"

namespace ventris::train {
namespace {

using ops::GemmPrecision;

TEST(TrainPrecision, NamedValuesAreTakenAsIsAndAutoIsFp32OnTheCpu) {
  EXPECT_EQ(resolve_precision("fp32", Device::cpu()), GemmPrecision::F32);
  EXPECT_EQ(resolve_precision("bf16", Device::cpu()), GemmPrecision::BF16);
  EXPECT_EQ(resolve_precision("fp16", Device::cpu()), GemmPrecision::F16);
  EXPECT_EQ(resolve_precision("auto", Device::cpu()), GemmPrecision::F32);
  EXPECT_THROW(resolve_precision("half", Device::cpu()), Error);
}

TEST(TrainPrecision, AutoIsFp32OnTheEmulatedDeviceWhichReportsNoComputeCapability) {
  cuda::set_host_emulation(true);
  const GemmPrecision p = resolve_precision("auto", Device::cuda(0));
  const GemmPrecision named = resolve_precision("bf16", Device::cuda(0));
  cuda::set_host_emulation(false);
  EXPECT_EQ(p, GemmPrecision::F32);
  EXPECT_EQ(named, GemmPrecision::BF16);
}

}  // namespace
}  // namespace ventris::train
