#include "metrics/chrf.h"

#include <algorithm>

#include "core/error.h"
#include "metrics/ngram_index.h"
#include "metrics/packed_ngram_counter.h"
#include "metrics/python_text.h"
#include "text/utf8.h"

namespace ventris::metrics {

using text::decode_utf8;
using text::utf8_length;

ChrfStats& ChrfStats::operator+=(const ChrfStats& other) {
  if (counts.empty()) counts.assign(other.counts.size(), 0);
  VENTRIS_CHECK(counts.size() == other.counts.size(), "chrF statistics of different orders ({} vs {})",
                counts.size(), other.counts.size());
  for (size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
  return *this;
}

std::string chrf_name(const ChrfOptions& options) {
  return fmt::format("chrF{}{}", options.beta, std::string(std::max(0, options.word_order), '+'));
}

namespace {

// The F-score with sacreBLEU's arithmetic, in its order of operations.
// `Quotient` turns (matches, count) into a precision or recall.
template <class Quotient>
double f_score(const std::vector<int64_t>& counts, const ChrfOptions& options, Quotient quotient) {
  const double eps = 1e-16;
  const int order = options.char_order + options.word_order;
  const double factor = static_cast<double>(options.beta) * options.beta;
  double score = 0.0, avg_prec = 0.0, avg_rec = 0.0;
  int effective_order = 0;
  for (int i = 0; i < order; ++i) {
    const int64_t n_hyp = counts[3 * i], n_ref = counts[3 * i + 1], n_match = counts[3 * i + 2];
    const double prec = n_hyp > 0 ? quotient(n_match, n_hyp) : eps;
    const double rec = n_ref > 0 ? quotient(n_match, n_ref) : eps;
    const double denom = factor * prec + rec;
    score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
    if (n_hyp > 0 && n_ref > 0) {
      avg_prec += prec;
      avg_rec += rec;
      ++effective_order;
    }
  }
  if (options.eps_smoothing) return 100 * score / order;
  if (effective_order == 0) {
    avg_prec = avg_rec = 0.0;
  } else {
    avg_prec /= effective_order;
    avg_rec /= effective_order;
  }
  if (avg_prec + avg_rec == 0) return 0.0;
  score = (1 + factor) * avg_prec * avg_rec;
  score /= (factor * avg_prec) + avg_rec;
  return 100 * score;
}

void check_options(const ChrfOptions& o) {
  VENTRIS_CHECK(o.char_order >= 0 && o.word_order >= 0 && o.char_order + o.word_order > 0,
                "chrF needs positive n-gram orders (char order {}, word order {})", o.char_order, o.word_order);
}

double ratio(int64_t a, int64_t b) { return static_cast<double>(a) / static_cast<double>(b); }

}  // namespace

double chrf_f_score(const ChrfStats& stats, const ChrfOptions& options) {
  VENTRIS_CHECK(stats.counts.size() == 3 * static_cast<size_t>(options.char_order + options.word_order),
                "chrF statistics hold {} counts, options need {}", stats.counts.size(),
                3 * (options.char_order + options.word_order));
  return f_score(stats.counts, options, ratio);
}

namespace detail {
double chrf_f_score_float32_counts(const ChrfStats& stats, const ChrfOptions& options) {
  return f_score(stats.counts, options, [](int64_t a, int64_t b) {
    return static_cast<double>(static_cast<float>(a) / static_cast<float>(b));
  });
}
}  // namespace detail

ChrfScore compute_chrf(const ChrfStats& stats, const ChrfOptions& options) {
  return ChrfScore{chrf_f_score(stats, options), chrf_name(options)};
}

// One side of a segment, ready for counting: its characters (whitespace
// removed unless kept) and its words (punctuation split off, for chrF++).
struct PreparedText {
  std::string lowered;
  std::vector<char32_t> chars;
  std::vector<uint32_t> ranks;  // chars as per-segment ranks (packed counting)
  std::vector<std::string_view> split;
  std::vector<std::string_view> words;
  std::vector<uint32_t> word_ids;
};

struct ChrfScorer::Workspace {
  PreparedText hyp;
  std::vector<PreparedText> refs;
  CharRanks ranks;
  PackedNgramCounter packed;
  WordInterner words;
  NgramIndex ngrams;
  std::vector<int32_t> remaining;  // per n-gram id: reference occurrences not yet matched
  std::vector<int64_t> stats;
  std::vector<int64_t> best;
};

ChrfScorer::ChrfScorer(ChrfOptions options) : options_(options), ws_(std::make_unique<Workspace>()) {
  check_options(options_);
}
ChrfScorer::~ChrfScorer() = default;
ChrfScorer::ChrfScorer(ChrfScorer&&) noexcept = default;
ChrfScorer& ChrfScorer::operator=(ChrfScorer&&) noexcept = default;

namespace {

// string.punctuation, the set chrF++ splits off word edges.
bool is_ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// sacreBLEU's _remove_punctuation: a word of two or more characters loses
// one trailing ASCII punctuation mark or, failing that, one leading one.
void split_word_punctuation(const std::vector<std::string_view>& split, std::vector<std::string_view>& words) {
  words.clear();
  for (std::string_view w : split) {
    const bool single_char = static_cast<size_t>(utf8_length(static_cast<unsigned char>(w[0]))) == w.size();
    if (single_char) {
      words.push_back(w);
    } else if (is_ascii_punctuation(w.back())) {
      words.push_back(w.substr(0, w.size() - 1));
      words.push_back(w.substr(w.size() - 1));
    } else if (is_ascii_punctuation(w.front())) {
      words.push_back(w.substr(0, 1));
      words.push_back(w.substr(1));
    } else {
      words.push_back(w);
    }
  }
}

// The characters of `text` that chrF counts: all of them with whitespace
// kept, else those left by ''.join(text.split()).
void collect_chars(std::string_view text, bool keep_whitespace, std::vector<char32_t>& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    if (!keep_whitespace) {
      if (size_t len = python_space_length(text, pos)) {
        pos += len;
        continue;
      }
    }
    out.push_back(decode_utf8(text, pos));
  }
}

void prepare(std::string_view segment, const ChrfOptions& options, PreparedText& p) {
  std::string_view text = segment;
  if (options.lowercase) {
    python_lower(segment, p.lowered);
    text = p.lowered;
  }
  collect_chars(text, options.whitespace, p.chars);
  if (options.word_order > 0) {
    // Views into `lowered` or the caller's segment, both alive while the segment is scored.
    p.split.clear();
    python_split(text, p.split);
    split_word_punctuation(p.split, p.words);
  }
}

// Writes hypothesis, reference and total counts of orders 1..max_order into
// stats triples first.. (matches are added by the callers).
void write_totals(std::vector<int64_t>& stats, size_t first, int max_order, size_t hyp_len, size_t ref_len) {
  for (int n = 0; n < max_order; ++n) {
    const int64_t ref_total = std::max<int64_t>(0, static_cast<int64_t>(ref_len) - n);
    const int64_t hyp_total = std::max<int64_t>(0, static_cast<int64_t>(hyp_len) - n);
    stats[3 * (first + n)] = ref_total > 0 ? hyp_total : 0;  // no reference n-grams: sacreBLEU counts 0
    stats[3 * (first + n) + 1] = ref_total;
    stats[3 * (first + n) + 2] = 0;
  }
}

}  // namespace

// General n-gram matching through NgramIndex (any order, any alphabet).
void ChrfScorer::count_general(const uint32_t* hyp, size_t lh, const uint32_t* ref, size_t lr, int max_order,
                               size_t first) {
  Workspace& ws = *ws_;
  ws.ngrams.clear();
  for (size_t i = 0; i < lr; ++i) {
    uint32_t prefix = 0;
    for (int n = 0; n < max_order && i + n < lr; ++n) {
      uint32_t id = ws.ngrams.insert(prefix, ref[i + n]);
      if (id >= ws.remaining.size()) ws.remaining.resize(2 * id + 64, 0);
      ++ws.remaining[id];
      prefix = id;
    }
  }
  write_totals(ws.stats, first, max_order, lh, lr);
  for (size_t i = 0; i < lh; ++i) {
    uint32_t prefix = 0;
    for (int n = 0; n < max_order && i + n < lh; ++n) {
      uint32_t id = ws.ngrams.find(prefix, hyp[i + n]);
      if (id == 0) break;  // so are all longer n-grams starting here
      if (ws.remaining[id] > 0) {
        --ws.remaining[id];
        ++ws.stats[3 * (first + n) + 2];
      }
      prefix = id;
    }
  }
  std::fill(ws.remaining.begin(), ws.remaining.begin() + std::min<size_t>(ws.remaining.size(), ws.ngrams.size() + 1),
            0);
}

// Character n-gram matching with packed keys (ranks of `bits` bits).
void ChrfScorer::count_packed(const uint32_t* hyp, size_t lh, const uint32_t* ref, size_t lr, int max_order,
                              int bits) {
  Workspace& ws = *ws_;
  ws.packed.clear();
  for (size_t i = 0; i < lr; ++i) {
    uint64_t key = 0;
    const int orders = static_cast<int>(std::min<size_t>(max_order, lr - i));
    for (int n = 0; n < orders; ++n) {
      key |= uint64_t(ref[i + n]) << (n * bits);
      ws.packed.add(key);
    }
  }
  write_totals(ws.stats, 0, max_order, lh, lr);
  for (size_t i = 0; i < lh; ++i) {
    uint64_t key = 0;
    const int orders = static_cast<int>(std::min<size_t>(max_order, lh - i));
    for (int n = 0; n < orders; ++n) {
      key |= uint64_t(hyp[i + n]) << (n * bits);
      const PackedNgramCounter::Take t = ws.packed.take(key);
      if (t == PackedNgramCounter::Take::kAbsent) break;  // and so are all longer n-grams starting here
      ws.stats[3 * n + 2] += t == PackedNgramCounter::Take::kTaken;
    }
  }
}

ChrfStats ChrfScorer::segment_stats(std::string_view hyp, const std::vector<std::string_view>& refs) {
  Workspace& ws = *ws_;
  const int char_order = options_.char_order, word_order = options_.word_order;
  const size_t num_counts = 3 * static_cast<size_t>(char_order + word_order);
  if (ws.refs.size() < refs.size()) ws.refs.resize(refs.size());

  // Prepare every side, ranking characters over the whole segment.
  VENTRIS_CHECK(!refs.empty(), "chrF needs at least one reference per segment");
  ws.ranks.clear();
  ws.words.clear();
  auto rank_chars = [&](PreparedText& p) {
    p.ranks.resize(p.chars.size());
    for (size_t i = 0; i < p.chars.size(); ++i) p.ranks[i] = ws.ranks.rank(p.chars[i]);
    if (word_order > 0) {
      p.word_ids.resize(p.words.size());
      for (size_t i = 0; i < p.words.size(); ++i) p.word_ids[i] = ws.words.insert(p.words[i]);
    }
  };
  // An empty reference is a candidate like any other (sacreBLEU 2.6.0): its
  // counts are all 0, hypothesis counts included, its F-score 0 — and, being
  // earlier, it wins a tie with a later reference that matches nothing.
  for (size_t r = 0; r < refs.size(); ++r) {
    prepare(refs[r], options_, ws.refs[r]);
    rank_chars(ws.refs[r]);
  }
  prepare(hyp, options_, ws.hyp);
  rank_chars(ws.hyp);

  // Packed keys need every rank to fit its share of 64 bits.
  const int bits = char_order > 0 ? 64 / char_order : 64;
  const bool packed = char_order > 0 && bits <= 32 && ws.ranks.size() < (uint64_t(1) << std::min(bits, 32));

  double best_f = -1.0;
  ws.stats.assign(num_counts, 0);
  for (size_t r = 0; r < refs.size(); ++r) {
    const PreparedText& ref = ws.refs[r];
    if (char_order > 0) {
      if (packed)
        count_packed(ws.hyp.ranks.data(), ws.hyp.ranks.size(), ref.ranks.data(), ref.ranks.size(), char_order, bits);
      else
        count_general(ws.hyp.ranks.data(), ws.hyp.ranks.size(), ref.ranks.data(), ref.ranks.size(), char_order, 0);
    }
    if (word_order > 0)
      count_general(ws.hyp.word_ids.data(), ws.hyp.word_ids.size(), ref.word_ids.data(), ref.word_ids.size(),
                    word_order, static_cast<size_t>(char_order));
    const double f = f_score(ws.stats, options_, ratio);
    if (f > best_f) {
      best_f = f;
      ws.best = ws.stats;
    }
  }
  return ChrfStats{ws.best};
}

std::vector<ChrfStats> ChrfScorer::corpus_stats(const std::vector<std::string>& hyps,
                                                const std::vector<std::vector<std::string>>& refs) {
  return corpus_stats(as_views(hyps), as_views(refs));
}

namespace {

// Calls fn(i, segment refs) for every segment after checking the streams.
template <class Fn>
void for_each_segment(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, Fn fn) {
  VENTRIS_CHECK(!refs.empty(), "chrF needs at least one reference stream");
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

std::vector<ChrfStats> ChrfScorer::corpus_stats(const SegmentViews& hyps, const std::vector<SegmentViews>& refs) {
  std::vector<ChrfStats> out;
  out.reserve(hyps.size());
  for_each_segment(hyps, refs, [&](size_t i, const std::vector<std::string_view>& r) {
    out.push_back(segment_stats(hyps[i], r));
  });
  return out;
}

ChrfStats ChrfScorer::corpus_total(const SegmentViews& hyps, const std::vector<SegmentViews>& refs) {
  ChrfStats sum;
  sum.counts.assign(3 * static_cast<size_t>(options_.char_order + options_.word_order), 0);
  for_each_segment(hyps, refs, [&](size_t i, const std::vector<std::string_view>& r) {
    sum += segment_stats(hyps[i], r);
  });
  return sum;
}

ChrfScore corpus_chrf(const std::vector<std::string>& hyps, const std::vector<std::vector<std::string>>& refs,
                      const ChrfOptions& options) {
  return corpus_chrf_views(as_views(hyps), as_views(refs), options);
}

ChrfScore corpus_chrf_views(const SegmentViews& hyps, const std::vector<SegmentViews>& refs, const ChrfOptions& options) {
  ChrfScorer scorer(options);
  return compute_chrf(scorer.corpus_total(hyps, refs), options);
}

ChrfScore sentence_chrf(std::string_view hyp, const std::vector<std::string>& refs, const ChrfOptions& options) {
  ChrfScorer scorer(options);
  std::vector<std::string_view> views(refs.begin(), refs.end());
  return compute_chrf(scorer.segment_stats(hyp, views), options);
}

}  // namespace ventris::metrics
