// BLEU exactly as sacreBLEU 2.6.0 computes it (Papineni et al. 2002, with
// sacreBLEU's tokenizers, smoothing methods and effective order).
//
//   BleuOptions opts;                       // 13a, mixed case, exp smoothing
//   BleuScore s = corpus_bleu(hyps, {refs}, opts);
//   s.score  // 0..100
//
// References are given as streams, one per reference set, each line-aligned
// with the hypotheses: refs[r][i] is reference r of segment i. As in
// sacreBLEU 2.6.0, an empty reference line is a reference of length 0 (no
// n-grams; it can be the closest length), also when all of a segment's are empty.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/enum_names.h"
#include "metrics/segment_views.h"
#include "metrics/tokenizer.h"

namespace ventris::metrics {

inline constexpr int kBleuMaxOrder = 4;  // sacreBLEU's MAX_NGRAM_ORDER

enum class SmoothMethod { kNone, kFloor, kAddK, kExp };

constexpr auto enum_names(SmoothMethod) {
  using enum SmoothMethod;
  return config::enum_table<SmoothMethod>({{kNone, "none"}, {kFloor, "floor"}, {kAddK, "add-k"}, {kExp, "exp"}});
}

// "none", "floor", "add-k", "exp"; throws Error otherwise.
SmoothMethod parse_smooth_method(std::string_view name);
std::string_view smooth_method_name(SmoothMethod method);
// floor: 0.1, add-k: 1 (Chen and Cherry 2014); none for the others.
std::optional<double> default_smooth_value(SmoothMethod method);

struct BleuOptions {
  TokenizerKind tokenize = TokenizerKind::k13a;
  bool lowercase = false;                      // Python str.lower() before tokenizing (moses: lowercase.perl after)
  std::string language = "en";                 // moses: tokenizer.perl -l (the target language)
  SmoothMethod smooth_method = SmoothMethod::kExp;
  std::optional<double> smooth_value;          // unset: the method's default
  bool effective_order = false;                // stop at the first order without n-grams (sentence BLEU)
  bool compound_split = false;                 // a-b -> a ##AT##-##AT## b after tokenizing (WMT En-De papers)
};

// Sufficient statistics of one segment or a sum of segments.
struct BleuStats {
  int64_t sys_len = 0;  // hypothesis tokens
  int64_t ref_len = 0;  // closest reference length (ties: the shorter)
  std::array<int64_t, kBleuMaxOrder> correct{};  // clipped n-gram matches
  std::array<int64_t, kBleuMaxOrder> total{};    // hypothesis n-grams
  BleuStats& operator+=(const BleuStats& other);
  bool operator==(const BleuStats&) const = default;
};

struct BleuScore {
  double score = 0;  // 0..100
  std::array<double, kBleuMaxOrder> precisions{};  // percent, after smoothing (as sacreBLEU reports them)
  double bp = 0;     // brevity penalty
  double ratio = 0;  // sys_len / ref_len, 0 when ref_len is 0
  int64_t sys_len = 0, ref_len = 0;
  std::array<int64_t, kBleuMaxOrder> counts{}, totals{};  // unsmoothed
};

// BLEU from statistics (sacreBLEU's BLEU.compute_bleu, same operation order).
BleuScore compute_bleu(const BleuStats& stats, const BleuOptions& options);

// Statistics per segment; reuses its buffers across calls (not thread-safe:
// one scorer per thread).
class BleuScorer {
 public:
  explicit BleuScorer(BleuOptions options);
  ~BleuScorer();
  BleuScorer(BleuScorer&&) noexcept;
  BleuScorer& operator=(BleuScorer&&) noexcept;

  const BleuOptions& options() const { return options_; }

  // One segment against its references (at least one; empty ones have length 0).
  BleuStats segment_stats(std::string_view hyp, const std::vector<std::string_view>& refs);

  // Every segment: hyps.size() == refs[r].size() for every r.
  std::vector<BleuStats> corpus_stats(const SegmentViews& hyps, const std::vector<SegmentViews>& refs);
  std::vector<BleuStats> corpus_stats(const std::vector<std::string>& hyps,
                                      const std::vector<std::vector<std::string>>& refs);
  // The sum over segments, without keeping each segment's statistics.
  BleuStats corpus_total(const SegmentViews& hyps, const std::vector<SegmentViews>& refs);

  // The line sacreBLEU applies before counting: lower-case (optional),
  // rstrip, tokenize, compound split (optional); tokens separated by spaces.
  // `moses` instead: tokenizer.perl -l language -no-escape, then
  // lowercase.perl (optional), as fairseq's IWSLT'14 pipeline orders them.
  std::string preprocess(std::string_view segment);
  void preprocess_into(std::string_view segment, std::string& out);

 private:
  struct Workspace;
  BleuOptions options_;
  std::unique_ptr<Workspace> ws_;
};

BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::vector<std::string>>& refs,
                      const BleuOptions& options = {});
BleuScore corpus_bleu_views(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, const BleuOptions& options = {});

// One segment with effective order on (sacreBLEU's sentence_bleu default);
// `options.effective_order` is ignored.
BleuScore sentence_bleu(std::string_view hyp, const std::vector<std::string>& refs, BleuOptions options = {});

// The signature's nrefs: the number of reference streams. Every line counts,
// an empty one too (sacreBLEU 2.6.0 drops only None references, which a file
// cannot hold), so "nrefs:var" never comes from files.
int count_references(const std::vector<SegmentViews>& refs);

namespace detail {
// compute_bleu on statistics that sacreBLEU's bootstrap holds as numpy
// float32 (add-k smoothed counts rounded to float32); identical otherwise.
BleuScore compute_bleu_float32_counts(const BleuStats& stats, const BleuOptions& options);
}  // namespace detail

}  // namespace ventris::metrics
