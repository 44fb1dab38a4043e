#include "metrics/bootstrap.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "metrics/numpy_random.h"

namespace ventris::metrics {

PairedBootstrap::PairedBootstrap(size_t segments, int samples, uint32_t seed)
    : segments_(segments), samples_(samples), seed_(seed) {
  VENTRIS_CHECK(samples > 0, "bootstrap needs a positive number of samples, got {}", samples);
  VENTRIS_CHECK(segments > 0 && segments <= 0xFFFFFFFFULL, "bootstrap needs 1 to 2^32-1 segments, got {}",
                segments);
  indices_ = numpy_choice_rows(seed, static_cast<uint32_t>(segments), samples);
}

std::vector<double> PairedBootstrap::resample_scores(const SegmentStatsTable& stats, const StatsScoreFn& score) const {
  VENTRIS_CHECK(stats.segments() == segments_, "bootstrap drawn for {} segments, statistics have {}", segments_,
                stats.segments());
  const size_t dims = stats.dims;
  std::vector<double> scores(static_cast<size_t>(samples_));
  std::vector<int64_t> sum(dims);
  for (int s = 0; s < samples_; ++s) {
    std::fill(sum.begin(), sum.end(), 0);
    const uint32_t* idx = indices_.data() + static_cast<size_t>(s) * segments_;
    for (size_t j = 0; j < segments_; ++j) {
      const int64_t* row = stats.values.data() + static_cast<size_t>(idx[j]) * dims;
      for (size_t d = 0; d < dims; ++d) sum[d] += row[d];
    }
    scores[s] = score(sum);
  }
  return scores;
}

BootstrapEstimate PairedBootstrap::estimate(const std::vector<double>& scores) {
  std::vector<double> sorted = scores;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  const size_t lower = n / 40, upper = n - lower - 1;  // 95%: 1/40 from each side
  return BootstrapEstimate{numpy_mean(sorted), 0.5 * (sorted[upper] - sorted[lower])};
}

PairedBootstrapResult PairedBootstrap::compare(double baseline_score, const std::vector<double>& baseline_resamples,
                                               double system_score, const std::vector<double>& system_resamples) {
  VENTRIS_CHECK(baseline_resamples.size() == system_resamples.size(), "resample counts differ");
  PairedBootstrapResult r;
  r.score = system_score;
  r.estimate = estimate(system_resamples);
  const double real_difference = std::abs(baseline_score - system_score);
  std::vector<double> diffs(system_resamples.size());
  for (size_t i = 0; i < diffs.size(); ++i) diffs[i] = std::abs(system_resamples[i] - baseline_resamples[i]);
  const double mean = numpy_mean(diffs);
  // "the != is important": a system scored against itself must not look significant.
  size_t count = 0;
  for (double d : diffs) count += (d - mean) > real_difference;
  r.p_value = static_cast<double>(count + 1) / static_cast<double>(diffs.size() + 1);
  return r;
}

}  // namespace ventris::metrics
