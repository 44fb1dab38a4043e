// fp16 dynamic loss scaling (train/loss_scaler.h): halving on overflow, growth
// after kGrowthInterval good updates in a row, the floor.
#include "train/loss_scaler.h"

#include <gtest/gtest.h>

namespace ventris::train {
namespace {

using Outcome = LossScaler::Outcome;

TEST(LossScaler, OverflowHalvesTheScaleAndRestartsTheGrowthCount) {
  LossScaler s;
  EXPECT_EQ(s.scale, 32768.0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s.record(true), Outcome::Step);
  EXPECT_EQ(s.good_updates, 10);
  EXPECT_EQ(s.record(false), Outcome::Overflow);
  EXPECT_EQ(s.scale, 16384.0);
  EXPECT_EQ(s.good_updates, 0);
}

TEST(LossScaler, DoublesAfterTheGrowthIntervalOfGoodUpdates) {
  LossScaler s;
  for (int64_t i = 1; i < LossScaler::kGrowthInterval; ++i) ASSERT_EQ(s.record(true), Outcome::Step);
  EXPECT_EQ(s.scale, 32768.0) << "one update short of the interval";
  EXPECT_EQ(s.record(true), Outcome::Step);
  EXPECT_EQ(s.scale, 65536.0);
  EXPECT_EQ(s.good_updates, 0);
  // An overflow in between restarts the count.
  for (int64_t i = 1; i < LossScaler::kGrowthInterval; ++i) s.record(true);
  s.record(false);
  for (int64_t i = 1; i < LossScaler::kGrowthInterval; ++i) s.record(true);
  EXPECT_EQ(s.scale, 32768.0);
}

TEST(LossScaler, StopsHalvingAtTheFloorAndSaysSo) {
  LossScaler s;
  int overflows = 0;
  while (s.record(false) == Outcome::Overflow) ++overflows;
  EXPECT_EQ(overflows, 29);  // 2^15 -> 2^-14
  EXPECT_EQ(s.scale, LossScaler::kMinScale);
  EXPECT_EQ(s.record(false), Outcome::OverflowAtMinimum);
  EXPECT_EQ(s.scale, LossScaler::kMinScale);
}

}  // namespace
}  // namespace ventris::train
