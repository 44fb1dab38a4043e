// `ventris score`: BLEU and chrF exactly as sacreBLEU 2.6.0 computes them,
// with sacreBLEU's command-line spellings (docs/score.md).
//
//   ventris score REF [REF ...] [-i HYP ...] [-m bleu chrf] [-tok 13a] [-lc] ...
//
// The work is in metrics/evaluation.h; this file maps flags to a request.
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

class ScoreCommand : public Subcommand {
 public:
  std::string name() const override { return "score"; }
  std::string description() const override {
    return "Score translations with BLEU and chrF exactly as sacreBLEU 2.6.0 does (sacreBLEU's flags work too)";
  }

  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    cmd.add_option("refs", refs_, "reference files, line-aligned with the hypotheses (before -i)");
    cmd.add_option("-i,--input", inputs_,
                   "hypothesis file(s); standard input when absent. Several files with --paired-bs: "
                   "the first is the baseline");
    cmd.add_option("-m,--metrics", metrics_, "metrics: bleu, chrf (default: bleu)");
    cmd.add_option("--tokenize", tokenize_, "BLEU tokenizer: 13a (default), intl, zh, char, none (alias -tok)");
    cmd.add_flag("--lowercase", lowercase_, "case-insensitive BLEU (Python str.lower()) (alias -lc)");
    cmd.add_option("-s,--smooth-method", smooth_method_, "BLEU smoothing: exp (default), floor, add-k, none");
    smooth_value_opt_ = cmd.add_option("--smooth-value", smooth_value_,
                                       "value for floor (default 0.1) or add-k (default 1) (alias -sv)");
    cmd.add_flag("--force", force_, "no warning when the hypotheses look tokenized");
    cmd.add_flag("--compound-split", compound_split_,
                 "BLEU: split hyphenated compounds a-b -> a ##AT##-##AT## b on both sides after tokenizing "
                 "(WMT'14 En-De papers)");
    cmd.add_option("--chrf-char-order", chrf_.char_order, "chrF character n-gram order (default 6) (alias -cc)");
    cmd.add_option("--chrf-word-order", chrf_.word_order, "chrF word n-gram order; 2 = chrF++ (default 0) (alias -cw)");
    cmd.add_option("--chrf-beta", chrf_.beta, "chrF beta: recall weight (default 2)");
    cmd.add_flag("--chrf-whitespace", chrf_.whitespace, "keep whitespace in chrF character n-grams");
    cmd.add_flag("--chrf-lowercase", chrf_.lowercase, "case-insensitive chrF");
    cmd.add_flag("--chrf-eps-smoothing", chrf_.eps_smoothing,
                 "chrF++.py-style epsilon smoothing instead of effective-order averaging");
    cmd.add_flag("--sentence-level", sentence_level_, "one score per line; BLEU uses effective order, as in sacreBLEU (alias -sl)");
    paired_opt_ = cmd.add_option("--paired-bs", paired_,
                                 "paired bootstrap resampling: compare these systems (and any further -i files) "
                                 "with the baseline -i (alias -pbs)")
                      ->expected(0, CLI::detail::expected_max_vector_size);
    cmd.add_option("--paired-bs-n", paired_n_, "bootstrap resamples (default 1000) (alias -pbsn)");
    cmd.add_option("--num-refs", num_refs_,
                   "the single reference file holds this many tab-separated references per line (alias -nr)");
    cmd.add_option("-f,--format", format_, "output: text (default) or json");
    cmd.add_option("-w,--width", width_, "decimals of the printed scores (default 2)");
    cmd.add_flag("-b,--score-only", score_only_, "print the scores alone");
    cmd.add_flag("--short", short_, "abbreviated signature (alias -sh)");
    cmd.add_flag("-q,--quiet", quiet_, "no warnings");
    cmd.add_option("-e,--encoding", encoding_, "input encoding (only utf-8)");
    cmd.add_option("--model", model_,
                   "forced decoding: score --src/--tgt sentence pairs with this model file instead of BLEU/chrF");
    cmd.add_option("--src", src_, "forced decoding: source sentences, one per line");
    cmd.add_option("--tgt", tgt_, "forced decoding: target sentences, line-aligned with --src");
    cmd.add_option("--lenpen", lenpen_, "forced decoding: length normalization exponent (default 1: per token)");
    cmd.add_option("--length-normalization", length_normalization_,
                   "forced decoding: fairseq (score/len^a, default) or gnmt (score/((5+len)/6)^a)");
    cmd.add_option("--batch-size", batch_size_, "forced decoding: sentence pairs per batch (default 64)");
  }

  int run(const config::GlobalOptions& global) override {
    if (quiet_) spdlog::set_level(spdlog::level::err);
    if (!model_.empty()) return score_with_model(global);
    if (!src_.empty() || !tgt_.empty()) throw UsageError("--src and --tgt score with a model: add --model MODEL");

    metrics::EvaluationRequest req;
    req.ref_files = refs_;
    req.num_refs = num_refs_;
    req.systems = inputs_.empty() ? std::vector<std::string>{"-"} : inputs_;
    req.paired_bootstrap = paired_opt_->count() > 0;
    // A bare --paired-bs (sacreBLEU's spelling: systems all after -i) can leave an empty value.
    for (const auto& p : paired_)
      if (!p.empty()) req.systems.push_back(p);
    req.bootstrap_samples = paired_n_;

    req.bleu = req.chrf = false;
    for (std::string m : metrics_) {
      std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
      if (m == "bleu") req.bleu = true;
      else if (m == "chrf") req.chrf = true;
      else throw UsageError(fmt::format("unknown metric '{}' (choose bleu or chrf; TER is not supported)", m));
    }
    try {
      req.bleu_options.tokenize = metrics::parse_tokenizer(tokenize_);
      req.bleu_options.smooth_method = metrics::parse_smooth_method(smooth_method_);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    req.bleu_options.lowercase = lowercase_;
    if (smooth_value_opt_->count() > 0) req.bleu_options.smooth_value = smooth_value_;
    req.bleu_options.compound_split = compound_split_;
    if (chrf_.char_order < 0 || chrf_.word_order < 0 || chrf_.char_order + chrf_.word_order == 0)
      throw UsageError("chrF needs --chrf-char-order + --chrf-word-order > 0 (both >= 0)");
    req.chrf_options = chrf_;
    req.sentence_level = sentence_level_;
    if (format_ == "json") req.format = metrics::OutputFormat::kJson;
    else if (format_ != "text") throw UsageError(fmt::format("unknown --format '{}' (choose text or json)", format_));
    req.width = width_;
    req.score_only = score_only_;
    req.short_signature = short_;
    req.force = force_;
    std::string enc = encoding_;
    std::transform(enc.begin(), enc.end(), enc.begin(), [](unsigned char c) { return std::tolower(c); });
    if (enc != "utf-8" && enc != "utf8") throw UsageError(fmt::format("only UTF-8 input is supported, not '{}'", encoding_));
    if (num_refs_ < 1) throw UsageError("--num-refs must be >= 1");
    if (paired_n_ < 1) throw UsageError("--paired-bs-n must be >= 1");

    metrics::evaluate(req, std::cout);
    return 0;
  }

 private:
  // Forced decoding: one "sum<TAB>normalized" line per sentence pair.
  int score_with_model(const config::GlobalOptions& global) {
    if (src_.empty() || tgt_.empty()) throw UsageError("scoring with --model needs --src and --tgt files");
    if (!refs_.empty() || !inputs_.empty()) throw UsageError("--model scores --src/--tgt; drop the reference/-i files");
    decode::SearchOptions norm;
    norm.lenpen = lenpen_;
    try {
      norm.normalization = decode::parse_length_normalization(length_normalization_);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    if (batch_size_ < 1) throw UsageError("--batch-size must be >= 1");
    models::ModelFileInfo info;
    std::unique_ptr<models::EncoderDecoder> model = decode::average_models({model_}, &info);
    model->parameters().to(Device::parse(global.device));
    VENTRIS_CHECK(!info.src_spm.empty() && !info.tgt_spm.empty(),
                  "{}: the model file has no embedded SentencePiece vocabulary to encode --src/--tgt with", model_);
    const data::SpmVocab src_vocab(info.src_spm, model_ + " (source vocabulary)");
    const data::SpmVocab tgt_vocab(info.tgt_spm, model_ + " (target vocabulary)");
    std::vector<std::vector<int32_t>> sources, targets;
    data::ParallelReader reader(src_, tgt_);
    std::string s, t;
    while (reader.next(s, t)) {
      sources.push_back(src_vocab.encode(s));
      targets.push_back(tgt_vocab.encode(t));
    }
    for (const decode::PairScore& p : decode::score_pairs(*model, sources, targets, norm, batch_size_))
      std::cout << fmt::format("{:.6f}\t{:.6f}\n", p.score, p.normalized);
    return 0;
  }

  std::string model_, src_, tgt_, length_normalization_ = "fairseq";
  double lenpen_ = 1.0;
  int batch_size_ = 64;
  std::vector<std::string> refs_, inputs_, metrics_{"bleu"}, paired_;
  std::string tokenize_ = "13a", smooth_method_ = "exp", format_ = "text", encoding_ = "utf-8";
  bool lowercase_ = false, force_ = false, compound_split_ = false, sentence_level_ = false;
  bool score_only_ = false, short_ = false, quiet_ = false;
  double smooth_value_ = 0;
  int paired_n_ = 1000, num_refs_ = 1, width_ = 2;
  metrics::ChrfOptions chrf_;
  CLI::Option* smooth_value_opt_ = nullptr;
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

}  // namespace ventris::cli
