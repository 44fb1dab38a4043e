// Dynamic loss scaling for fp16 GEMMs (train.precision fp16). f16 has five
// exponent bits: gradients below 2^-24 vanish when a backward GEMM rounds them
// to f16. So the loss is multiplied by a scale S before backward (gradients
// grow by S), and the gradients are divided by S again before the norm,
// clipping and Adam. When S is too large some gradient overflows to Inf: that
// update is skipped and S halved. After kGrowthInterval good updates in a row
// S doubles, probing for the largest S that does not overflow (torch's
// GradScaler rule; fairseq's DynamicLossScaler is the same idea). S stays a
// power of two, so scaling and unscaling are exact. bf16 keeps f32's exponent
// range and needs none of this.
#pragma once

#include <cstdint>

namespace ventris::train {

// The scale S and its growth count: part of the trainer state, saved in every
// checkpoint, so a resumed run continues with the same S and the same count
// towards the next growth.
struct LossScaler {
  static constexpr double kInitialScale = 32768;  // 2^15, between fairseq's initial 2^7 and torch's 2^16
  // The floor: about fairseq's min_loss_scale (1e-4). An overflow at the floor
  // is not a scale problem but a diverging model (or a forward pass beyond
  // f16's range); the trainer then counts it as a bad update (max_bad_updates).
  static constexpr double kMinScale = 1.0 / 16384;  // 2^-14
  static constexpr int64_t kGrowthInterval = 2000;

  enum class Outcome {
    Step,               // gradients finite: apply the update
    Overflow,           // skip the update; S was halved
    OverflowAtMinimum,  // skip the update; S is at its floor and stays there
  };

  double scale = kInitialScale;  // S
  int64_t good_updates = 0;      // consecutive good updates since S last changed

  // After an update's backward: were all gradients finite?
  Outcome record(bool gradients_finite);
};

}  // namespace ventris::train
