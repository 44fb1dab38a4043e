// Learning-rate schedules as pure functions of the number of updates already
// done (fairseq semantics: update k+1 uses lr(k), so the first update runs at
// the warmup start value). architectures.md §3.7.
#pragma once

#include <cstdint>

#include "config/enum_names.h"

namespace ventris::optim {

enum class LrSchedule { kInverseSqrt, kCosine, kConstant };

constexpr auto enum_names(LrSchedule) {
  using enum LrSchedule;
  return config::enum_table<LrSchedule>({{kInverseSqrt, "inverse_sqrt"}, {kCosine, "cosine"}, {kConstant, "constant"}});
}

struct ScheduleOptions {
  LrSchedule kind = LrSchedule::kInverseSqrt;
  double lr = 5e-4;                   // peak (inverse_sqrt, constant) or max (cosine)
  double warmup_init_lr = 1e-7;       // linear warmup starts here
  int64_t warmup_updates = 4000;
  double lr_floor = 1e-7;             // cosine: the value the half-wave ends at
  int64_t period = 40000;             // cosine: updates in one half-wave after warmup
};

// Throws Error for invalid numbers.
void validate(const ScheduleOptions& options);

// inverse_sqrt: linear warmup_init_lr -> lr over W updates, then lr·sqrt(W/u).
// cosine: the same warmup to lr, then lr_floor + ½(lr − lr_floor)(1 + cos(π·t/period))
//   with t = (u − W) mod period — fairseq restarts the half-wave after each
//   period (t_mult 1, lr_shrink 1); the recipes end exactly at W + period.
// constant: lr.
double learning_rate(const ScheduleOptions& options, int64_t updates_done);

}  // namespace ventris::optim
