#include "train/loss_scaler.h"

namespace ventris::train {

LossScaler::Outcome LossScaler::record(bool gradients_finite) {
  if (gradients_finite) {
    if (++good_updates >= kGrowthInterval) {
      scale *= 2;
      good_updates = 0;
    }
    return Outcome::Step;
  }
  good_updates = 0;
  if (scale <= kMinScale) return Outcome::OverflowAtMinimum;
  scale /= 2;
  return Outcome::Overflow;
}

}  // namespace ventris::train
