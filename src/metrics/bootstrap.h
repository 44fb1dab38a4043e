// Paired bootstrap resampling (Koehn 2004) as sacreBLEU 2.6.0's --paired-bs
// runs it: the same resampled segment sets for the baseline and every system
// (numpy default_rng(12345).choice, reproduced exactly), scores recomputed
// from summed per-segment statistics, 95% confidence interval from the
// sorted resample scores, and p-value from the centred absolute differences
// (multeval's "+1" estimate).
//
// Floating point follows sacreBLEU under numpy 1.x: resampled statistics are
// float32 sums of integers (exact), and chrF's precision/recall quotients are
// float32. Under numpy 2 sacreBLEU keeps more of the chrF arithmetic in
// float32, so its chrF means and intervals can differ in the last digits.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace ventris::metrics {

// Per-segment statistics, one row per segment, `dims` integers per row.
struct SegmentStatsTable {
  size_t dims = 0;
  std::vector<int64_t> values;  // row-major, segments * dims
  size_t segments() const { return dims ? values.size() / dims : 0; }
};

// Score of summed statistics (what sacreBLEU's _compute_score_from_stats does).
using StatsScoreFn = std::function<double(const std::vector<int64_t>& summed)>;

struct BootstrapEstimate {
  double mean = 0;  // mean of the resample scores
  double ci = 0;    // half-width of the 95% interval
};

struct PairedBootstrapResult {
  double score = 0;  // the system's actual score
  BootstrapEstimate estimate;
  double p_value = 1;
};

class PairedBootstrap {
 public:
  static constexpr int kDefaultSamples = 1000;
  static constexpr uint32_t kDefaultSeed = 12345;

  // Draws `samples` resamples of `segments` segment indices.
  PairedBootstrap(size_t segments, int samples = kDefaultSamples, uint32_t seed = kDefaultSeed);

  int samples() const { return samples_; }
  uint32_t seed() const { return seed_; }

  // Scores of every resample.
  std::vector<double> resample_scores(const SegmentStatsTable& stats, const StatsScoreFn& score) const;

  // Mean and 95% CI of resample scores (sacreBLEU's estimate_ci).
  static BootstrapEstimate estimate(const std::vector<double>& scores);

  // A system against the baseline, given both actual scores and resample scores.
  static PairedBootstrapResult compare(double baseline_score, const std::vector<double>& baseline_resamples,
                                       double system_score, const std::vector<double>& system_resamples);

 private:
  size_t segments_;
  int samples_;
  uint32_t seed_;
  std::vector<uint32_t> indices_;  // samples * segments
};

}  // namespace ventris::metrics
