// `ventris score`: BLEU and chrF exactly as sacreBLEU 2.6.0 computes them,
// with sacreBLEU's command-line spellings (docs/score.md).
//
//   ventris score REF [REF ...] [-i HYP ...] [-m bleu chrf] [-tok 13a] [-lc] ...
//
// The work is in metrics/evaluation.h; this file maps the `score:` config
// section (every field also a flag) to a request.
//
// With --model M --src S --tgt T it scores sentence pairs by forced decoding
// instead (as marian-scorer): per line the summed log-probability of the
// target and the length-normalized one (decode/forced_decoding.h).
#include <algorithm>
#include <iostream>

#include "cli/argv_aliases.h"
#include "cli/subcommand.h"
#include "core/device.h"
#include "core/error.h"
#include "core/logging.h"
#include "data/spm_vocab.h"
#include "data/text_lines.h"
#include "decode/checkpoint_average.h"
#include "decode/forced_decoding.h"
#include "metrics/evaluation.h"

namespace ventris::cli {

namespace {

enum class Metric { kBleu, kChrf };

constexpr auto enum_names(Metric) {
  using enum Metric;
  return config::enum_table<Metric>({{kBleu, "bleu"}, {kChrf, "chrf"}});
}

// The `score:` config section: sacreBLEU's options, then forced decoding's.
// Every field is also a flag, spelled as sacreBLEU spells it.
struct ScoreConfig {
  std::vector<std::string> refs, input;
  std::vector<Metric> metrics{Metric::kBleu};
  metrics::TokenizerKind tokenize = metrics::TokenizerKind::k13a;
  std::string language_pair;  // SRC-TGT; -tok moses tokenizes as TGT
  bool lowercase = false;
  metrics::SmoothMethod smooth_method = metrics::SmoothMethod::kExp;
  double smooth_value = -1;  // < 0: the method's default
  bool force = false, compound_split = false, sentence_level = false;
  metrics::ChrfOptions chrf;
  bool paired_bs = false;
  int paired_bs_n = 1000, num_refs = 1, width = 2;
  metrics::OutputFormat format = metrics::OutputFormat::kText;
  bool score_only = false, short_signature = false, quiet = false;
  std::string encoding = "utf-8";
  std::string model, src, tgt;   // forced decoding
  decode::SearchOptions search;  // its lenpen and length_normalization
  int batch_size = 64;

  void describe(config::Schema& s) {
    s.field("refs", &refs, "reference files, line-aligned with the hypotheses (the positional REF ...)").flag = false;
    s.field("input", &input,
            "hypothesis file(s); standard input when absent. Several files with --paired-bs: the first is the "
            "baseline")
        .aliases = {"-i"};
    s.field("metrics", &metrics, "metrics to compute (TER is not supported)").aliases = {"-m"};
    s.field("tokenize", &tokenize,
            "BLEU tokenizer (alias -tok); moses = Moses' tokenizer.perl -no-escape for the target language of -l");
    s.field("language_pair", &language_pair,
            "SRC-TGT, as sacreBLEU's -l; -tok moses tokenizes as TGT (en when absent). It does not pick the "
            "tokenizer (sacreBLEU picks zh, ja-mecab, ko-mecab for those targets)")
        .aliases = {"-l"};
    s.field("lowercase", &lowercase,
            "case-insensitive BLEU (Python str.lower(); with -tok moses: lowercase.perl after tokenizing) (alias -lc)");
    s.field("smooth_method", &smooth_method, "BLEU smoothing").aliases = {"-s"};
    s.field("smooth_value", &smooth_value,
            "value for floor (default 0.1) or add-k (default 1); negative = the method's default (alias -sv)")
        .range = config::between(-1, 1000);
    s.field("force", &force, "no warning when the hypotheses look tokenized");
    s.field("compound_split", &compound_split,
            "BLEU: split hyphenated compounds a-b -> a ##AT##-##AT## b on both sides after tokenizing "
            "(WMT'14 En-De papers)");
    s.field("chrf_char_order", &chrf.char_order, "chrF character n-gram order (alias -cc)").range =
        config::between(0, 100);
    s.field("chrf_word_order", &chrf.word_order, "chrF word n-gram order; 2 = chrF++ (alias -cw)").range =
        config::between(0, 100);
    s.field("chrf_beta", &chrf.beta, "chrF beta: recall weight").range = config::between(0, 100);
    s.field("chrf_whitespace", &chrf.whitespace, "keep whitespace in chrF character n-grams");
    s.field("chrf_lowercase", &chrf.lowercase, "case-insensitive chrF");
    s.field("chrf_eps_smoothing", &chrf.eps_smoothing,
            "chrF++.py-style epsilon smoothing instead of effective-order averaging");
    s.field("sentence_level", &sentence_level,
            "one score per line; BLEU uses effective order, as in sacreBLEU (alias -sl)");
    s.field("paired_bs", &paired_bs,
            "paired bootstrap resampling of the further input files against the first (flag: --paired-bs [SYS ...], "
            "alias -pbs)")
        .flag = false;
    s.field("paired_bs_n", &paired_bs_n, "bootstrap resamples (alias -pbsn)").range = config::between(1, 1000000);
    s.field("num_refs", &num_refs,
            "the single reference file holds this many tab-separated references per line "
            "(alias -nr)")
        .range = config::between(1, 10000);
    s.field("format", &format, "output format").aliases = {"-f"};
    config::Field& width_field = s.field("width", &width, "decimals of the printed scores");
    width_field.aliases = {"-w"};
    width_field.range = config::between(0, 50);
    s.field("score_only", &score_only, "print the scores alone").aliases = {"-b"};
    s.field("short", &short_signature, "abbreviated signature (alias -sh)");
    s.field("quiet", &quiet, "no warnings").aliases = {"-q"};
    s.field("encoding", &encoding, "input encoding (only utf-8)").aliases = {"-e"};
    s.field("model", &model,
            "forced decoding: score --src/--tgt sentence pairs with this model file instead of BLEU/chrF");
    s.field("src", &src, "forced decoding: source sentences, one per line");
    s.field("tgt", &tgt, "forced decoding: target sentences, line-aligned with --src");
    search.describe_normalization(s);
    s.field("batch_size", &batch_size, "forced decoding: sentence pairs per batch").range = config::between(1, 1000000);
  }
};

class ScoreCommand : public Subcommand {
 public:
  std::string name() const override { return "score"; }
  std::string description() const override {
    return "Score translations with BLEU and chrF exactly as sacreBLEU 2.6.0 does (sacreBLEU's flags work too)";
  }
  void describe_config(config::Schema& root) override { config_.describe(root.section("score")); }

  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    cmd.add_option("refs", refs_, "reference files, line-aligned with the hypotheses (before -i)");
    config_.describe(flag_schema_);
    // A wrong value is a usage error (exit code 2), as in sacreBLEU.
    flags.bind(cmd, flag_schema_, "score", config::FlagErrors::kUsage);
    paired_opt_ = cmd.add_option("--paired-bs", paired_,
                                 "paired bootstrap resampling: compare these systems (and any further -i files) "
                                 "with the baseline -i (alias -pbs)")
                      ->expected(0, CLI::detail::expected_max_vector_size);
  }

  int run(const config::GlobalOptions& global) override {
    if (!refs_.empty()) config_.refs = refs_;
    const ScoreConfig& c = config_;
    if (c.quiet) spdlog::set_level(spdlog::level::err);
    if (!c.model.empty()) return score_with_model(global);
    if (!c.src.empty() || !c.tgt.empty()) throw UsageError("--src and --tgt score with a model: add --model MODEL");

    metrics::EvaluationRequest req;
    req.ref_files = c.refs;
    req.num_refs = c.num_refs;
    req.systems = c.input.empty() ? std::vector<std::string>{"-"} : c.input;
    req.paired_bootstrap = c.paired_bs || paired_opt_->count() > 0;
    // A bare --paired-bs (sacreBLEU's spelling: systems all after -i) can leave an empty value.
    for (const auto& p : paired_)
      if (!p.empty()) req.systems.push_back(p);
    req.bootstrap_samples = c.paired_bs_n;

    if (c.metrics.empty()) throw UsageError("--metrics needs at least one of bleu, chrf");
    req.bleu = std::find(c.metrics.begin(), c.metrics.end(), Metric::kBleu) != c.metrics.end();
    req.chrf = std::find(c.metrics.begin(), c.metrics.end(), Metric::kChrf) != c.metrics.end();
    req.bleu_options.tokenize = c.tokenize;
    if (!c.language_pair.empty()) req.bleu_options.language = target_language(c);
    req.bleu_options.smooth_method = c.smooth_method;
    req.bleu_options.lowercase = c.lowercase;
    if (c.smooth_value >= 0) req.bleu_options.smooth_value = c.smooth_value;
    req.bleu_options.compound_split = c.compound_split;
    if (c.chrf.char_order < 0 || c.chrf.word_order < 0 || c.chrf.char_order + c.chrf.word_order == 0)
      throw UsageError("chrF needs --chrf-char-order + --chrf-word-order > 0 (both >= 0)");
    req.chrf_options = c.chrf;
    req.sentence_level = c.sentence_level;
    req.format = c.format;
    req.width = c.width;
    req.score_only = c.score_only;
    req.short_signature = c.short_signature;
    req.force = c.force;
    std::string enc = c.encoding;
    std::transform(enc.begin(), enc.end(), enc.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (enc != "utf-8" && enc != "utf8")
      throw UsageError(fmt::format("only UTF-8 input is supported, not '{}'", c.encoding));
    if (c.num_refs < 1) throw UsageError("--num-refs must be >= 1");
    if (c.paired_bs_n < 1) throw UsageError("--paired-bs-n must be >= 1");

    metrics::evaluate(req, std::cout);
    return 0;
  }

 private:
  // TGT of -l SRC-TGT.
  static std::string target_language(const ScoreConfig& c) {
    const size_t dash = c.language_pair.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == c.language_pair.size() ||
        c.language_pair.find('-', dash + 1) != std::string::npos)
      throw UsageError(fmt::format("--language-pair must be SRC-TGT (e.g. de-en), got '{}'", c.language_pair));
    std::string target = c.language_pair.substr(dash + 1);
    if (c.tokenize != metrics::TokenizerKind::kMoses && (target == "zh" || target == "ja" || target == "ko"))
      log::warn("score", "-l {}: sacreBLEU would pick its {} tokenizer for this target; Ventris uses -tok {}",
                c.language_pair, target == "zh" ? "zh" : target + "-mecab", metrics::tokenizer_name(c.tokenize));
    return target;
  }

  // Forced decoding: one "sum<TAB>normalized" line per sentence pair.
  int score_with_model(const config::GlobalOptions& global) {
    const ScoreConfig& c = config_;
    if (c.src.empty() || c.tgt.empty()) throw UsageError("scoring with --model needs --src and --tgt files");
    if (!c.refs.empty() || !c.input.empty())
      throw UsageError("--model scores --src/--tgt; drop the reference/-i files");
    if (c.batch_size < 1) throw UsageError("--batch-size must be >= 1");
    models::ModelFileInfo info;
    std::unique_ptr<models::EncoderDecoder> model = decode::average_models({c.model}, &info);
    model->parameters().to(Device::parse(global.device));
    VENTRIS_CHECK(!info.src_spm.empty() && !info.tgt_spm.empty(),
                  "{}: the model file has no embedded SentencePiece vocabulary to encode --src/--tgt with", c.model);
    const data::SpmVocab src_vocab(info.src_spm, c.model + " (source vocabulary)");
    const data::SpmVocab tgt_vocab(info.tgt_spm, c.model + " (target vocabulary)");
    std::vector<std::vector<int32_t>> sources, targets;
    data::ParallelReader reader(c.src, c.tgt);
    std::string s, t;
    while (reader.next(s, t)) {
      sources.push_back(src_vocab.encode(s));
      targets.push_back(tgt_vocab.encode(t));
    }
    for (const decode::PairScore& p : decode::score_pairs(*model, sources, targets, c.search, c.batch_size))
      std::cout << fmt::format("{:.6f}\t{:.6f}\n", p.score, p.normalized);
    return 0;
  }

  ScoreConfig config_;
  config::Schema flag_schema_;
  std::vector<std::string> refs_, paired_;  // the positional references; --paired-bs's systems
  CLI::Option* paired_opt_ = nullptr;
};

VENTRIS_REGISTER_SUBCOMMAND(ScoreCommand)

// sacreBLEU's single-dash long options (see cli/argv_aliases.h).
VENTRIS_REGISTER_ARGV_ALIASES("score", {{"-tok", "--tokenize"},
                                        {"-lc", "--lowercase"},
                                        {"-sl", "--sentence-level"},
                                        {"-sv", "--smooth-value"},
                                        {"-cc", "--chrf-char-order"},
                                        {"-cw", "--chrf-word-order"},
                                        {"-nr", "--num-refs"},
                                        {"-pbs", "--paired-bs"},
                                        {"-pbsn", "--paired-bs-n"},
                                        {"-sh", "--short"}})

}  // namespace
}  // namespace ventris::cli
