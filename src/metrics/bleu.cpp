#include "metrics/bleu.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"
#include "metrics/compound_split.h"
#include "metrics/ngram_index.h"
#include "metrics/python_text.h"
#include "text/moses/pipeline.h"

namespace ventris::metrics {

SmoothMethod parse_smooth_method(std::string_view name) {
  return config::parse_enum<SmoothMethod>(name, "BLEU smoothing method");
}

std::string_view smooth_method_name(SmoothMethod method) { return config::enum_name(method); }

std::optional<double> default_smooth_value(SmoothMethod method) {
  if (method == SmoothMethod::kFloor) return 0.1;
  if (method == SmoothMethod::kAddK) return 1.0;
  return std::nullopt;
}

BleuStats& BleuStats::operator+=(const BleuStats& other) {
  sys_len += other.sys_len;
  ref_len += other.ref_len;
  for (int n = 0; n < kBleuMaxOrder; ++n) {
    correct[n] += other.correct[n];
    total[n] += other.total[n];
  }
  return *this;
}

namespace {

// sacreBLEU's my_log: log with log(0) floored to a large negative number.
double floored_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

// compute_bleu; `round_to_float32` mimics numpy float32 storage of the
// add-k smoothed counts (bootstrap resampling only).
BleuScore compute_bleu_impl(const BleuStats& stats, const BleuOptions& options, bool round_to_float32) {
  BleuScore s;
  s.sys_len = stats.sys_len;
  s.ref_len = stats.ref_len;
  s.counts = stats.correct;
  s.totals = stats.total;
  s.ratio = stats.ref_len ? static_cast<double>(stats.sys_len) / static_cast<double>(stats.ref_len) : 0.0;
  if (stats.sys_len < stats.ref_len)
    s.bp = stats.sys_len > 0 ? std::exp(1.0 - static_cast<double>(stats.ref_len) / static_cast<double>(stats.sys_len))
                             : 0.0;
  else
    s.bp = 1.0;

  // Early stop when nothing matches (sacreBLEU #141): score and precisions 0.
  if (std::all_of(stats.correct.begin(), stats.correct.end(), [](int64_t c) { return c == 0; })) return s;

  const double smooth_value = options.smooth_value.value_or(default_smooth_value(options.smooth_method).value_or(0));
  double smooth_mteval = 1.0;
  int eff_order = kBleuMaxOrder;
  for (int n = 1; n <= kBleuMaxOrder; ++n) {
    double correct = static_cast<double>(stats.correct[n - 1]);
    double total = static_cast<double>(stats.total[n - 1]);
    if (options.smooth_method == SmoothMethod::kAddK && n > 1) {
      correct += smooth_value;
      total += smooth_value;
      if (round_to_float32) {
        correct = static_cast<float>(correct);
        total = static_cast<float>(total);
      }
    }
    if (total == 0) break;
    if (options.effective_order) eff_order = n;
    if (correct == 0) {
      if (options.smooth_method == SmoothMethod::kExp) {
        smooth_mteval *= 2;
        s.precisions[n - 1] = 100.0 / (smooth_mteval * total);
      } else if (options.smooth_method == SmoothMethod::kFloor) {
        s.precisions[n - 1] = 100.0 * smooth_value / total;
      }
    } else {
      s.precisions[n - 1] = 100.0 * correct / total;
    }
  }
  double log_sum = 0.0;  // summed left to right, like Python's sum()
  for (int n = 0; n < eff_order; ++n) log_sum += floored_log(s.precisions[n]);
  s.score = s.bp * std::exp(log_sum / eff_order);
  return s;
}

}  // namespace

BleuScore compute_bleu(const BleuStats& stats, const BleuOptions& options) {
  return compute_bleu_impl(stats, options, false);
}

namespace detail {
BleuScore compute_bleu_float32_counts(const BleuStats& stats, const BleuOptions& options) {
  return compute_bleu_impl(stats, options, true);
}
}  // namespace detail

struct BleuScorer::Workspace {
  std::unique_ptr<text::moses::Pipeline> moses;  // for TokenizerKind::kMoses
  std::string lowered, split, hyp_tokenized;
  std::vector<std::string> ref_tokenized;  // per reference, kept while its tokens are in use
  std::vector<std::string_view> tokens;
  std::vector<uint32_t> ids;
  WordInterner words;
  NgramIndex ngrams;
  std::vector<int32_t> max_count;  // per n-gram id: the most any one reference has (clip count)
  std::vector<int32_t> cur_count;  // per n-gram id: count in the reference being read
  std::vector<uint32_t> touched;   // ids counted in the reference being read
  std::vector<int64_t> ref_lens;
};

BleuScorer::BleuScorer(BleuOptions options) : options_(options), ws_(std::make_unique<Workspace>()) {
  if (options_.tokenize == TokenizerKind::kMoses) {
    text::moses::PipelineOptions moses;
    moses.tokenizer.language = options_.language;
    moses.tokenizer.escape = false;  // entities map token to token: the same BLEU, readable tokens
    moses.lowercase = options_.lowercase ? text::moses::Lowercase::kLast : text::moses::Lowercase::kNone;
    ws_->moses = std::make_unique<text::moses::Pipeline>(moses);
  }
}
BleuScorer::~BleuScorer() = default;
BleuScorer::BleuScorer(BleuScorer&&) noexcept = default;
BleuScorer& BleuScorer::operator=(BleuScorer&&) noexcept = default;

std::string BleuScorer::preprocess(std::string_view segment) {
  std::string out;
  preprocess_into(segment, out);
  return out;
}

void BleuScorer::preprocess_into(std::string_view segment, std::string& out) {
  if (ws_->moses) {
    ws_->moses->process(python_rstrip(segment), ws_->lowered);
    python_split_join(ws_->lowered, out);  // ".'" at the end leaves a double and a trailing space
  } else {
    std::string_view text = segment;
    if (options_.lowercase) {
      python_lower(segment, ws_->lowered);
      text = ws_->lowered;
    }
    tokenize(options_.tokenize, python_rstrip(text), out);
  }
  if (options_.compound_split) {
    compound_split(out, ws_->split);
    out.swap(ws_->split);
  }
}

namespace {

// Splits tokenizer output: every tokenizer returns its tokens separated by
// single spaces (' '.join(line.split())), so no other whitespace is left.
// Eight bytes at a time: the exact zero-byte test marks every space.
void split_tokens(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  const char* p = text.data();
  const size_t n = text.size();
  size_t start = 0, i = 0;
  constexpr uint64_t kSpaces = 0x2020202020202020ULL, kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    const uint64_t x = w ^ kSpaces;  // zero bytes where the spaces are
    uint64_t marks = ~(((x & kLow7) + kLow7) | x | kLow7);
    while (marks) {
      const size_t pos = i + (static_cast<size_t>(__builtin_ctzll(marks)) >> 3);
      if (pos > start) out.emplace_back(p + start, pos - start);
      start = pos + 1;
      marks &= marks - 1;
    }
  }
  for (; i < n; ++i) {
    if (p[i] == ' ') {
      if (i > start) out.emplace_back(p + start, i - start);
      start = i + 1;
    }
  }
  if (n > start) out.emplace_back(p + start, n - start);
}

}  // namespace

BleuStats BleuScorer::segment_stats(std::string_view hyp, const std::vector<std::string_view>& refs) {
  Workspace& ws = *ws_;
  ws.words.clear();
  ws.ngrams.clear();
  BleuStats stats;

  // References: number their n-grams and keep, per n-gram, the highest count
  // in any single reference (sacreBLEU merges references with max). An empty
  // reference is a reference of length 0, as in sacreBLEU 2.6.0 (since 2.2 its
  // reference cache drops only None references).
  VENTRIS_CHECK(!refs.empty(), "BLEU needs at least one reference per segment");
  if (ws.ref_tokenized.size() < refs.size()) ws.ref_tokenized.resize(refs.size());
  std::vector<int64_t>& ref_lens = ws.ref_lens;
  ref_lens.clear();
  for (size_t r = 0; r < refs.size(); ++r) {
    preprocess_into(refs[r], ws.ref_tokenized[r]);
    split_tokens(ws.ref_tokenized[r], ws.tokens);
    ref_lens.push_back(static_cast<int64_t>(ws.tokens.size()));
    ws.ids.clear();
    for (std::string_view t : ws.tokens) ws.ids.push_back(ws.words.insert(t));
    ws.touched.clear();
    const size_t len = ws.ids.size();
    for (size_t i = 0; i < len; ++i) {
      uint32_t prefix = 0;
      for (size_t n = 0; n < kBleuMaxOrder && i + n < len; ++n) {
        uint32_t id = ws.ngrams.insert(prefix, ws.ids[i + n]);
        if (id >= ws.cur_count.size()) {
          ws.cur_count.resize(2 * id + 64, 0);
          ws.max_count.resize(2 * id + 64, 0);
        }
        if (ws.cur_count[id]++ == 0) ws.touched.push_back(id);
        prefix = id;
      }
    }
    for (uint32_t id : ws.touched) {
      ws.max_count[id] = std::max(ws.max_count[id], ws.cur_count[id]);
      ws.cur_count[id] = 0;
    }
  }

  // Hypothesis: count its n-grams and clip the matches (decrementing the
  // reference counts gives sum over n-grams of min(hyp count, ref count)).
  preprocess_into(hyp, ws.hyp_tokenized);
  split_tokens(ws.hyp_tokenized, ws.tokens);
  const int64_t hyp_len = static_cast<int64_t>(ws.tokens.size());
  stats.sys_len = hyp_len;
  ws.ids.clear();
  for (std::string_view t : ws.tokens) ws.ids.push_back(ws.words.find(t));
  for (int n = 0; n < kBleuMaxOrder; ++n) stats.total[n] = std::max<int64_t>(0, hyp_len - n);
  const size_t len = ws.ids.size();
  for (size_t i = 0; i < len; ++i) {
    uint32_t prefix = 0;
    for (size_t n = 0; n < kBleuMaxOrder && i + n < len; ++n) {
      if (ws.ids[i + n] == 0) break;  // word absent from every reference
      uint32_t id = ws.ngrams.find(prefix, ws.ids[i + n]);
      if (id == 0) break;  // so are all longer n-grams starting here
      if (ws.max_count[id] > 0) {
        --ws.max_count[id];
        ++stats.correct[n];
      }
      prefix = id;
    }
  }
  // Reset the clip counts for the next segment.
  std::fill(ws.max_count.begin(), ws.max_count.begin() + std::min<size_t>(ws.max_count.size(), ws.ngrams.size() + 1), 0);

  // Closest reference length; ties go to the shorter reference.
  int64_t best_diff = -1, best_len = -1;
  for (int64_t ref_len : ref_lens) {
    int64_t diff = std::abs(hyp_len - ref_len);
    if (best_diff == -1 || diff < best_diff) {
      best_diff = diff;
      best_len = ref_len;
    } else if (diff == best_diff && ref_len < best_len) {
      best_len = ref_len;
    }
  }
  stats.ref_len = best_len;
  return stats;
}

std::vector<BleuStats> BleuScorer::corpus_stats(const std::vector<std::string>& hyps,
                                                const std::vector<std::vector<std::string>>& refs) {
  return corpus_stats(as_views(hyps), as_views(refs));
}

namespace {

// Calls fn(i, segment refs) for every segment after checking the streams.
template <class Fn>
void for_each_segment(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, Fn fn) {
  VENTRIS_CHECK(!refs.empty(), "BLEU needs at least one reference stream");
  for (const auto& stream : refs)
    VENTRIS_CHECK(stream.size() == hyps.size(), "a reference stream has {} lines but there are {} hypotheses",
                  stream.size(), hyps.size());
  std::vector<std::string_view> seg_refs(refs.size());
  for (size_t i = 0; i < hyps.size(); ++i) {
    for (size_t r = 0; r < refs.size(); ++r) seg_refs[r] = refs[r][i];
    fn(i, seg_refs);
  }
}

}  // namespace

std::vector<BleuStats> BleuScorer::corpus_stats(const SegmentViews& hyps, const std::vector<SegmentViews>& refs) {
  std::vector<BleuStats> out;
  out.reserve(hyps.size());
  for_each_segment(hyps, refs, [&](size_t i, const std::vector<std::string_view>& r) {
    out.push_back(segment_stats(hyps[i], r));
  });
  return out;
}

BleuStats BleuScorer::corpus_total(const SegmentViews& hyps, const std::vector<SegmentViews>& refs) {
  BleuStats sum;
  for_each_segment(hyps, refs, [&](size_t i, const std::vector<std::string_view>& r) {
    sum += segment_stats(hyps[i], r);
  });
  return sum;
}

BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::vector<std::string>>& refs,
                      const BleuOptions& options) {
  return corpus_bleu_views(as_views(hyps), as_views(refs), options);
}

BleuScore corpus_bleu_views(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, const BleuOptions& options) {
  BleuScorer scorer(options);
  return compute_bleu(scorer.corpus_total(hyps, refs), options);
}

BleuScore sentence_bleu(std::string_view hyp, const std::vector<std::string>& refs, BleuOptions options) {
  options.effective_order = true;
  BleuScorer scorer(options);
  std::vector<std::string_view> views(refs.begin(), refs.end());
  return compute_bleu(scorer.segment_stats(hyp, views), options);
}

int count_references(const std::vector<SegmentViews>& refs) {
  // Every line of every stream is a reference, an empty one included, so the
  // count never varies here (sacreBLEU's "var" needs None references, which
  // only its Python API can pass).
  return static_cast<int>(refs.size());
}

}  // namespace ventris::metrics
