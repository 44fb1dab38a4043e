#include "metrics/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/logging.h"
#include "metrics/bootstrap.h"
#include "metrics/number_format.h"
#include "metrics/report.h"
#include "metrics/segment_views.h"
#include "metrics/signature.h"
#include "metrics/text_io.h"

namespace ventris::metrics {

namespace {

using json = nlohmann::ordered_json;

struct References {
  std::vector<Segments> files;           // own the text the streams view
  std::vector<SegmentViews> streams;     // streams[r][segment]
  std::vector<std::string> names;        // the file each stream came from
};

struct System {
  std::string file;  // as given
  std::string name;  // for tables
  Segments text;
  const SegmentViews& lines() const { return text.lines(); }
};

References load_references(const EvaluationRequest& req) {
  References refs;
  if (req.num_refs <= 1) {
    for (const auto& file : req.ref_files) {
      refs.files.push_back(Segments::read(file));
      refs.streams.push_back(refs.files.back().lines());
      refs.names.push_back(display_name(file));
    }
    return refs;
  }
  if (req.ref_files.size() != 1)
    throw UsageError("--num-refs takes exactly one reference file holding tab-separated references");
  const std::string name = display_name(req.ref_files[0]);
  refs.files.push_back(Segments::read(req.ref_files[0]));
  const SegmentViews& lines = refs.files.back().lines();
  refs.streams.assign(static_cast<size_t>(req.num_refs), {});
  for (int r = 0; r < req.num_refs; ++r) refs.names.push_back(fmt::format("{} (field {})", name, r + 1));
  for (size_t i = 0; i < lines.size(); ++i) {
    // str.split('\t', maxsplit=num_refs - 1), as sacreBLEU does
    std::vector<std::string_view> fields;
    size_t start = 0;
    while (static_cast<int>(fields.size()) < req.num_refs - 1) {
      size_t tab = lines[i].find('\t', start);
      if (tab == std::string_view::npos) break;
      fields.push_back(lines[i].substr(start, tab - start));
      start = tab + 1;
    }
    fields.push_back(lines[i].substr(start));
    if (static_cast<int>(fields.size()) != req.num_refs)
      throw Error(fmt::format("{}:{}: expected {} tab-separated references, found {}", name, i + 1, req.num_refs,
                              fields.size()));
    for (int r = 0; r < req.num_refs; ++r) refs.streams[r].push_back(fields[r]);
  }
  return refs;
}

std::vector<System> load_systems(const EvaluationRequest& req) {
  std::vector<System> systems;
  for (const auto& file : req.systems) {
    const bool duplicate =
        std::any_of(systems.begin(), systems.end(), [&](const System& s) { return s.file == file; });
    if (duplicate) {
      if (req.paired_bootstrap && file == systems.front().file) {
        log::info("score", "ignoring '{}': it is also the baseline", display_name(file));
        continue;
      }
      throw UsageError(fmt::format("system '{}' is given twice", display_name(file)));
    }
    systems.push_back(System{file, display_name(file), Segments::read(file)});
  }
  return systems;
}

void check_alignment(const References& refs, const std::vector<System>& systems) {
  for (const System& sys : systems)
    for (size_t r = 0; r < refs.streams.size(); ++r)
      if (refs.streams[r].size() != sys.lines().size())
        throw Error(fmt::format("line counts differ: hypothesis '{}' has {} lines but reference '{}' has {}",
                                display_name(sys.file), sys.lines().size(), refs.names[r], refs.streams[r].size()));
  // An empty reference line is a reference of length 0 (sacreBLEU 2.6.0), not an error.
}

// sacreBLEU's hint that the output may still be tokenized.
void warn_if_tokenized(const System& sys) {
  int64_t count = 0;
  for (std::string_view line : sys.lines()) count += line.size() >= 2 && line.compare(line.size() - 2, 2, " .") == 0;
  if (count >= 100)
    log::warn("score",
              "{}: {} lines end in a tokenized period (' .'); detokenize the output, or pass --force if it "
              "is detokenized",
              sys.name, count);
}

// One metric's configuration and what it needs to score and report.
struct Metric {
  bool is_bleu;
  std::string name;       // "BLEU", "chrF2", ...
  std::string signature;  // plain (no bootstrap fields)
};

struct CorpusResult {
  double score = 0;
  std::string line;  // text line with signature
  json record;
};

class Scorers {
 public:
  explicit Scorers(const EvaluationRequest& req) : req_(req) {}

  CorpusResult corpus(const Metric& m, const System& sys, const References& refs) {
    CorpusResult r;
    if (m.is_bleu) {
      const BleuStats sum = bleu().corpus_total(sys.lines(), refs.streams);
      BleuScore score = compute_bleu(sum, req_.bleu_options);
      r.score = score.score;
      r.line = bleu_line(score, m.signature, req_.width);
      r.record = bleu_json(score, m.signature, req_.width);
    } else {
      const ChrfStats sum = chrf().corpus_total(sys.lines(), refs.streams);
      ChrfScore score = compute_chrf(sum, req_.chrf_options);
      r.score = score.score;
      r.line = chrf_line(score, m.signature, req_.width);
      r.record = chrf_json(score, sum, req_.chrf_options, m.signature);
    }
    return r;
  }

  std::vector<CorpusResult> sentences(const Metric& m, const System& sys, const References& refs) {
    std::vector<CorpusResult> out;
    if (m.is_bleu) {
      for (const auto& s : bleu().corpus_stats(sys.lines(), refs.streams)) {
        BleuScore score = compute_bleu(s, req_.bleu_options);
        out.push_back({score.score, bleu_line(score, m.signature, req_.width),
                       bleu_json(score, m.signature, req_.width)});
      }
    } else {
      for (const auto& s : chrf().corpus_stats(sys.lines(), refs.streams)) {
        ChrfScore score = compute_chrf(s, req_.chrf_options);
        out.push_back({score.score, chrf_line(score, m.signature, req_.width),
                       chrf_json(score, s, req_.chrf_options, m.signature)});
      }
    }
    return out;
  }

  // Per-segment statistics as integer rows, and how sacreBLEU's bootstrap
  // scores a sum of them.
  SegmentStatsTable table(const Metric& m, const System& sys, const References& refs) {
    SegmentStatsTable t;
    if (m.is_bleu) {
      t.dims = 2 + 2 * kBleuMaxOrder;
      for (const auto& s : bleu().corpus_stats(sys.lines(), refs.streams)) {
        t.values.push_back(s.sys_len);
        t.values.push_back(s.ref_len);
        t.values.insert(t.values.end(), s.correct.begin(), s.correct.end());
        t.values.insert(t.values.end(), s.total.begin(), s.total.end());
      }
    } else {
      t.dims = 3 * static_cast<size_t>(req_.chrf_options.char_order + req_.chrf_options.word_order);
      for (const auto& s : chrf().corpus_stats(sys.lines(), refs.streams))
        t.values.insert(t.values.end(), s.counts.begin(), s.counts.end());
    }
    return t;
  }

  StatsScoreFn score_fn(const Metric& m) const {
    if (m.is_bleu) {
      BleuOptions opts = req_.bleu_options;
      return [opts](const std::vector<int64_t>& v) {
        BleuStats s;
        s.sys_len = v[0];
        s.ref_len = v[1];
        for (int n = 0; n < kBleuMaxOrder; ++n) {
          s.correct[n] = v[2 + n];
          s.total[n] = v[2 + kBleuMaxOrder + n];
        }
        return detail::compute_bleu_float32_counts(s, opts).score;
      };
    }
    ChrfOptions opts = req_.chrf_options;
    return [opts](const std::vector<int64_t>& v) { return detail::chrf_f_score_float32_counts(ChrfStats{v}, opts); };
  }

 private:
  // Made on first use: only the metrics asked for pay for their buffers.
  BleuScorer& bleu() {
    if (!bleu_) bleu_.emplace(req_.bleu_options);
    return *bleu_;
  }
  ChrfScorer& chrf() {
    if (!chrf_) chrf_.emplace(req_.chrf_options);
    return *chrf_;
  }

  const EvaluationRequest& req_;
  std::optional<BleuScorer> bleu_;
  std::optional<ChrfScorer> chrf_;
};

// Column widths by code points, so "μ ± 95% CI" lines up.
size_t display_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string render_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += "  ";
      line += row[c] + std::string(widths[c] - display_width(row[c]), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

void print_signatures(std::string& out, const std::vector<std::pair<std::string, std::string>>& sigs) {
  out += "Metric signatures\n";
  for (const auto& [name, sig] : sigs) out += fmt::format(" - {:<10} {}\n", name, sig);
}

}  // namespace

void evaluate(const EvaluationRequest& req, std::ostream& os) {
  if (!req.bleu && !req.chrf) throw UsageError("no metric chosen (use -m bleu and/or chrf)");
  if (req.ref_files.empty()) throw UsageError("no reference files given (list them before -i, as with sacreBLEU)");
  if (req.systems.empty()) throw UsageError("no hypothesis given");
  if (req.width < 0) throw UsageError(fmt::format("--width must be >= 0, got {}", req.width));
  if (req.sentence_level && req.bleu && req.chrf) throw UsageError("--sentence-level takes one metric");
  if (req.paired_bootstrap && req.sentence_level)
    throw UsageError("--paired-bs cannot be combined with --sentence-level");

  const References refs = load_references(req);
  const std::vector<System> systems = load_systems(req);
  check_alignment(refs, systems);
  if (req.sentence_level && systems.size() > 1) throw UsageError("--sentence-level scores one system");
  if (req.paired_bootstrap && systems.size() < 2)
    throw UsageError("--paired-bs needs a baseline (-i) and at least one other system");
  const size_t segments = systems.front().lines().size();
  if (segments == 0) {
    if (req.paired_bootstrap) throw Error("--paired-bs needs at least one segment; the inputs are empty");
    log::warn("score", "the inputs are empty: every score is 0");
  }
  if (req.bleu && !req.force)
    for (const System& s : systems) warn_if_tokenized(s);

  SignatureOptions sig;
  sig.nrefs = count_references(refs.streams);
  sig.short_form = req.short_signature;
  BleuOptions bleu_opts = req.bleu_options;
  bleu_opts.effective_order = req.sentence_level || bleu_opts.effective_order;
  EvaluationRequest effective = req;
  effective.bleu_options = bleu_opts;

  // sacreBLEU reports metrics in name order: BLEU, then chrF.
  std::vector<Metric> metrics;
  if (req.bleu) metrics.push_back({true, "BLEU", bleu_signature(bleu_opts, sig)});
  if (req.chrf) metrics.push_back({false, chrf_name(req.chrf_options), chrf_signature(req.chrf_options, sig)});

  Scorers scorers(effective);
  std::string out;
  const bool as_json = req.format == OutputFormat::kJson;

  if (req.sentence_level) {
    auto results = scorers.sentences(metrics.front(), systems.front(), refs);
    json records = json::array();
    for (auto& r : results) {
      if (as_json) records.push_back(std::move(r.record));
      else out += (req.score_only ? format_fixed(r.score, req.width) : r.line) + "\n";
    }
    if (as_json) out = records.dump(1) + "\n";
  } else if (systems.size() == 1) {
    std::vector<std::string> lines;
    json records = json::array();
    for (const Metric& m : metrics) {
      CorpusResult r = scorers.corpus(m, systems.front(), refs);
      lines.push_back(req.score_only ? format_fixed(r.score, req.width) : r.line);
      records.push_back(std::move(r.record));
    }
    if (as_json) {
      out = records.dump(1) + "\n";
    } else {
      for (const auto& l : req.score_only ? lines : align_on_equals(lines)) out += l + "\n";
    }
  } else if (!req.paired_bootstrap) {
    // Several systems, no test: a table of scores.
    std::vector<std::vector<std::string>> rows{{"System"}};
    std::vector<std::pair<std::string, std::string>> sigs;
    for (const Metric& m : metrics) {
      rows[0].push_back(m.name);
      sigs.emplace_back(m.name, m.signature);
    }
    json records = json::array();
    for (const System& s : systems) {
      std::vector<std::string> row{s.name};
      json rec;
      rec["system"] = s.name;
      for (const Metric& m : metrics) {
        CorpusResult r = scorers.corpus(m, s, refs);
        row.push_back(format_fixed(r.score, req.width));
        rec[m.name] = std::move(r.record);
      }
      rows.push_back(std::move(row));
      records.push_back(std::move(rec));
    }
    if (as_json) {
      out = records.dump(1) + "\n";
    } else {
      out = render_table(rows) + "\n";
      print_signatures(out, sigs);
    }
  } else {
    // Paired bootstrap resampling against systems[0].
    PairedBootstrap bootstrap(segments, req.bootstrap_samples, req.bootstrap_seed);
    SignatureOptions bs_sig = sig;
    bs_sig.bootstrap_samples = req.bootstrap_samples;
    bs_sig.seed = req.bootstrap_seed;
    std::vector<std::vector<std::string>> rows{{"System"}};
    std::vector<std::pair<std::string, std::string>> sigs;
    for (const Metric& m : metrics) {
      rows[0].push_back(m.name + " (μ ± 95% CI)");
      sigs.emplace_back(m.name, m.is_bleu ? bleu_signature(bleu_opts, bs_sig)
                                          : chrf_signature(req.chrf_options, bs_sig));
    }
    std::vector<json> records(systems.size());
    for (size_t k = 0; k < systems.size(); ++k) {
      rows.push_back({k == 0 ? "Baseline: " + systems[0].name : systems[k].name});
      records[k]["system"] = rows.back()[0];
    }
    for (const Metric& m : metrics) {
      const StatsScoreFn fn = scorers.score_fn(m);
      const double base_score = scorers.corpus(m, systems[0], refs).score;
      const auto base_resamples = bootstrap.resample_scores(scorers.table(m, systems[0], refs), fn);
      const BootstrapEstimate base_est = PairedBootstrap::estimate(base_resamples);
      rows[1].push_back(fmt::format("{} ({} ± {})", format_fixed(base_score, req.width),
                                    format_fixed(base_est.mean, req.width), format_fixed(base_est.ci, req.width)));
      records[0][m.name] = json{{"score", base_score}, {"p_value", nullptr}, {"mean", base_est.mean}, {"ci", base_est.ci}};
      for (size_t k = 1; k < systems.size(); ++k) {
        const double score = scorers.corpus(m, systems[k], refs).score;
        const auto resamples = bootstrap.resample_scores(scorers.table(m, systems[k], refs), fn);
        const PairedBootstrapResult r = PairedBootstrap::compare(base_score, base_resamples, score, resamples);
        rows[k + 1].push_back(fmt::format("{} ({} ± {}) (p = {}){}", format_fixed(r.score, req.width),
                                          format_fixed(r.estimate.mean, req.width),
                                          format_fixed(r.estimate.ci, req.width), format_fixed(r.p_value, 4),
                                          r.p_value <= 0.05 ? "*" : ""));
        records[k][m.name] =
            json{{"score", r.score}, {"p_value", r.p_value}, {"mean", r.estimate.mean}, {"ci", r.estimate.ci}};
      }
    }
    if (as_json) {
      out = json(records).dump(1) + "\n";
    } else {
      out = render_table(rows) + "\n";
      out += fmt::format(
          "Paired bootstrap resampling test with {} resampling trials (seed {}).\n"
          " - Each system is compared to the baseline; the score is followed by the bootstrap estimate of\n"
          "   the true mean and the 95% confidence interval.\n"
          " - p is roughly the probability of a score difference this large arising by chance when both\n"
          "   outputs come from the same underlying system; p <= 0.05 is marked with \"*\".\n\n",
          req.bootstrap_samples, req.bootstrap_seed);
      print_signatures(out, sigs);
    }
  }
  os << out;
  os.flush();
}

}  // namespace ventris::metrics
