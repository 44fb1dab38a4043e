#include "optim/lr_schedule.h"

#include <cmath>
#include <numbers>

#include "core/error.h"

namespace ventris::optim {

void validate(const ScheduleOptions& o) {
  VENTRIS_CHECK(o.lr > 0 && o.warmup_init_lr >= 0 && o.warmup_updates >= 0, "invalid lr schedule values");
  VENTRIS_CHECK(o.kind != LrSchedule::kCosine || o.period > 0, "cosine schedule needs period > 0");
}

namespace {
double warmup(const ScheduleOptions& o, int64_t u) {
  return o.warmup_init_lr + (o.lr - o.warmup_init_lr) * static_cast<double>(u) / static_cast<double>(o.warmup_updates);
}
}  // namespace

double learning_rate(const ScheduleOptions& o, int64_t u) {
  if (o.kind == LrSchedule::kConstant) return o.lr;
  if (u < o.warmup_updates) return warmup(o, u);
  if (o.kind == LrSchedule::kInverseSqrt) {
    if (o.warmup_updates == 0) return o.lr / std::sqrt(static_cast<double>(std::max<int64_t>(u, 1)));
    return o.lr * std::sqrt(static_cast<double>(o.warmup_updates) / static_cast<double>(u));
  }
  const double t = static_cast<double>((u - o.warmup_updates) % o.period);
  return o.lr_floor + 0.5 * (o.lr - o.lr_floor) * (1.0 + std::cos(std::numbers::pi * t / static_cast<double>(o.period)));
}

}  // namespace ventris::optim
