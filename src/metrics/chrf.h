// chrF and chrF++ exactly as sacreBLEU 2.6.0 computes them (Popović 2015,
// 2017): character n-gram F-score, optionally with word n-grams.
//
//   ChrfOptions opts;                 // chrF2: char order 6, no word n-grams
//   opts.word_order = 2;              // chrF2++
//   ChrfScore s = corpus_chrf(hyps, {refs}, opts);
//
// References are streams as for BLEU (refs[r][i]); with several references
// each segment uses the one with the best segment-level F-score.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/segment_views.h"

namespace ventris::metrics {

struct ChrfOptions {
  int char_order = 6;          // character n-gram orders 1..char_order
  int word_order = 0;          // word n-gram orders 1..word_order (2 = chrF++)
  int beta = 2;                // recall is beta times as important as precision
  bool lowercase = false;      // Python str.lower()
  bool whitespace = false;     // keep whitespace inside character n-grams
  bool eps_smoothing = false;  // chrF++.py-style averaging of per-order F-scores
                               // instead of sacreBLEU's effective-order averaging
};

// Per order (character orders first, then word orders) three counts:
// hypothesis n-grams, reference n-grams, matches. As in sacreBLEU, the
// hypothesis count of an order is 0 when the reference has no n-gram of it.
struct ChrfStats {
  std::vector<int64_t> counts;  // 3 * (char_order + word_order)
  ChrfStats& operator+=(const ChrfStats& other);
  bool operator==(const ChrfStats&) const = default;
};

struct ChrfScore {
  double score = 0;  // 0..100
  std::string name;  // "chrF2", "chrF2++", ...
};

// "chrF" + beta + one '+' per word order.
std::string chrf_name(const ChrfOptions& options);

// The F-score of summed statistics (sacreBLEU's CHRF._compute_f_score).
double chrf_f_score(const ChrfStats& stats, const ChrfOptions& options);
ChrfScore compute_chrf(const ChrfStats& stats, const ChrfOptions& options);

class ChrfScorer {
 public:
  explicit ChrfScorer(ChrfOptions options);
  ~ChrfScorer();
  ChrfScorer(ChrfScorer&&) noexcept;
  ChrfScorer& operator=(ChrfScorer&&) noexcept;

  const ChrfOptions& options() const { return options_; }

  // The best reference's statistics (at least one reference; an empty one
  // scores 0 with all counts 0, and the first best reference wins ties).
  ChrfStats segment_stats(std::string_view hyp, const std::vector<std::string_view>& refs);
  std::vector<ChrfStats> corpus_stats(const SegmentViews& hyps, const std::vector<SegmentViews>& refs);
  std::vector<ChrfStats> corpus_stats(const std::vector<std::string>& hyps,
                                      const std::vector<std::vector<std::string>>& refs);
  // The sum over segments, without keeping each segment's statistics.
  ChrfStats corpus_total(const SegmentViews& hyps, const std::vector<SegmentViews>& refs);

 private:
  struct Workspace;
  void count_general(const uint32_t* hyp, size_t lh, const uint32_t* ref, size_t lr, int max_order, size_t first);
  void count_packed(const uint32_t* hyp, size_t lh, const uint32_t* ref, size_t lr, int max_order, int bits);
  ChrfOptions options_;
  std::unique_ptr<Workspace> ws_;
};

ChrfScore corpus_chrf(const std::vector<std::string>& hyps, const std::vector<std::vector<std::string>>& refs,
                      const ChrfOptions& options = {});
ChrfScore corpus_chrf_views(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, const ChrfOptions& options = {});
ChrfScore sentence_chrf(std::string_view hyp, const std::vector<std::string>& refs, const ChrfOptions& options = {});

namespace detail {
// chrf_f_score on statistics held as numpy float32, as sacreBLEU's bootstrap
// does (numpy 1.x promotion: each precision and recall is a float32
// quotient, the rest double). Used only for bootstrap resampling.
double chrf_f_score_float32_counts(const ChrfStats& stats, const ChrfOptions& options);
}  // namespace detail

}  // namespace ventris::metrics
