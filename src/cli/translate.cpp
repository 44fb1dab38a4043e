// `ventris translate -m MODEL [-i IN] [-o OUT]` (docs/translate.md): lines in,
// translations out in input order, one line per input line. The search is in
// src/decode; this file reads, encodes, batches the stream and writes.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

#include "cli/argv_aliases.h"
#include "cli/line_source.h"
#include "cli/output_sink.h"
#include "cli/subcommand.h"
#include "core/device.h"
#include "core/error.h"
#include "core/logging.h"
#include "data/spm_vocab.h"
#include "data/text_lines.h"
#include "decode/checkpoint_average.h"
#include "decode/translate_config.h"

namespace ventris::cli {

namespace {

// Encodes input lines and decodes hypotheses in the chosen formats.
class LineCodec {
 public:
  LineCodec(const decode::TranslateConfig& c, const models::ModelFileInfo& info, const std::string& model_path)
      : input_format_(c.input_format), output_format_(c.output_format), vocab_size_(info.vocab.src_size) {
    auto need = [&](const std::string& spm, const char* side) {
      VENTRIS_CHECK(!spm.empty(),
                    "{}: the model file has no embedded {} SentencePiece vocabulary; translate pre-encoded input "
                    "with --input-format ids --output-format ids",
                    model_path, side);
    };
    // Text and pieces both need the vocabulary; ids need none.
    if (input_format_ != decode::LineFormat::kIds) {
      need(info.src_spm, "source");
      src_vocab_ = std::make_unique<data::SpmVocab>(info.src_spm, model_path + " (source vocabulary)");
    }
    if (output_format_ != decode::LineFormat::kIds) {
      need(info.tgt_spm, "target");
      tgt_vocab_ = std::make_unique<data::SpmVocab>(info.tgt_spm, model_path + " (target vocabulary)");
    }
  }

  std::vector<int32_t> encode(const std::string& line, int64_t line_number) const {
    if (input_format_ == decode::LineFormat::kText) return src_vocab_->encode(line);
    if (input_format_ == decode::LineFormat::kPieces) return src_vocab_->pieces_to_ids(line);
    std::vector<int32_t> ids;
    size_t pos = 0;
    while (pos < line.size()) {
      const size_t start = line.find_first_not_of(" \t", pos);
      if (start == std::string::npos) break;
      const size_t end = std::min(line.find_first_of(" \t", start), line.size());
      const std::string word = line.substr(start, end - start);
      size_t used = 0;
      long long id = -1;
      try {
        id = std::stoll(word, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      VENTRIS_CHECK(used == word.size() && id >= 0 && id < vocab_size_,
                    "input line {}: '{}' is not a token id of this model (0 .. {})", line_number, word,
                    vocab_size_ - 1);
      ids.push_back(static_cast<int32_t>(id));
      pos = end;
    }
    return ids;
  }

  std::string decode(const std::vector<int32_t>& ids) const {
    if (output_format_ == decode::LineFormat::kText) return tgt_vocab_->decode(ids);
    if (output_format_ == decode::LineFormat::kPieces) return tgt_vocab_->ids_to_pieces(ids);
    std::string out;
    for (int32_t id : ids) {
      if (!out.empty()) out += ' ';
      out += std::to_string(id);
    }
    return out;
  }

 private:
  decode::LineFormat input_format_, output_format_;
  int64_t vocab_size_;
  std::unique_ptr<data::SpmVocab> src_vocab_, tgt_vocab_;  // null for the ids format
};

// --skip-invalid: the first few invalid input lines are named as they come,
// the rest only counted, with one summary line at the end (a file of mostly
// binary data must not print a warning per line).
class InvalidLineReport {
 public:
  static constexpr int64_t kNamed = 3;
  void add(int64_t line, size_t byte) {
    if (++count_ <= kNamed)
      log::warn("decode", "input line {} is not valid UTF-8 (byte {}): writing an empty line", line, byte + 1);
  }
  void summarize() const {
    if (count_ > kNamed)
      log::warn("decode", "{} input lines in all were not valid UTF-8 and became empty lines (the first {} named above)",
                count_, kNamed);
  }

 private:
  int64_t count_ = 0;
};

class TranslateCommand : public Subcommand {
 public:
  std::string name() const override { return "translate"; }
  std::string description() const override {
    return "Translate lines of text with a model file (beam search, incremental decoding)";
  }
  void describe_config(config::Schema& root) override { config_.describe(root.section("translate")); }
  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    config_.describe(flag_schema_);
    flags.bind(cmd, flag_schema_, "translate");
    cmd.add_flag("--no-detok", no_detok_, "write SentencePiece pieces instead of detokenized text "
                                          "(same as --output-format pieces)");
  }

  int run(const config::GlobalOptions& global) override {
    if (no_detok_) config_.output_format = decode::LineFormat::kPieces;
    decode::TranslateOptions options;
    try {
      options = config_.options();
      options.search.validate();
    } catch (const UsageError&) {
      throw;
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    const std::vector<std::string> paths =
        config_.checkpoints.empty() ? std::vector<std::string>{config_.model} : config_.checkpoints;
    if (paths.front().empty()) throw UsageError("translate needs a model: -m MODEL (or --checkpoints A B ...)");

    models::ModelFileInfo info;
    std::unique_ptr<models::EncoderDecoder> model = decode::average_models(paths, &info);
    model->parameters().to(Device::parse(global.device));
    const LineCodec codec(config_, info, paths.front());
    const decode::Translator translator(*model);

    LineSource input(config_.input);
    OutputSink output(config_.output);
    // Large chunks sort well by length into batches; a stream is also
    // translated whenever its input pauses, so a pipe or terminal gets each
    // translation as soon as its line has arrived.
    constexpr size_t chunk = 10000;
    std::vector<std::string> lines;
    int64_t first_line = 1, done = 0;
    const auto start = std::chrono::steady_clock::now();
    auto last_report = start;
    uint64_t chunk_start_bytes = 0;
    std::string line;
    for (;;) {
      const bool more = input.next(line);
      if (more) lines.push_back(line);
      const bool flush_now = !more || config_.interactive || lines.size() >= chunk ||
                             (input.is_stdin() && !input.ready());
      if (!flush_now || lines.empty()) {
        if (!more) break;
        continue;
      }
      // Progress within the chunk: the share of its sources translated so far.
      const uint64_t before = chunk_start_bytes;
      const uint64_t chunk_bytes = input.bytes_consumed() - before;
      auto progress = [&](size_t translated, size_t total) {
        const double share = total == 0 ? 1.0 : static_cast<double>(translated) / static_cast<double>(total);
        report_progress(input, done + static_cast<int64_t>(share * static_cast<double>(lines.size())),
                        static_cast<double>(before) + share * static_cast<double>(chunk_bytes), start, last_report);
      };
      output.write(translate_lines(lines, first_line, translator, codec, options, progress));
      output.flush();
      first_line += static_cast<int64_t>(lines.size());
      done += static_cast<int64_t>(lines.size());
      lines.clear();
      chunk_start_bytes = input.bytes_consumed();
      if (!more) break;
    }
    output.commit();
    invalid_lines_.summarize();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log::info("decode", "translated {} sentences in {:.1f} s ({:.1f} sentences/s)", done, seconds,
              seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
    return 0;
  }

 private:
  // Translations of `lines` (input line numbers from `first_line`), formatted.
  std::string translate_lines(const std::vector<std::string>& lines, int64_t first_line,
                              const decode::Translator& translator, const LineCodec& codec,
                              const decode::TranslateOptions& options,
                              const std::function<void(size_t, size_t)>& progress) const {
    std::vector<std::vector<int32_t>> sources;
    std::vector<size_t> which;  // input index of each source; the other lines stay empty
    for (size_t i = 0; i < lines.size(); ++i) {
      const int64_t number = first_line + static_cast<int64_t>(i);
      const size_t bad = data::find_invalid_utf8(lines[i]);
      if (bad != std::string::npos) {
        if (!config_.skip_invalid)
          throw Error(fmt::format("input line {} is not valid UTF-8 (byte {}); --skip-invalid writes an empty line "
                                  "for it instead",
                                  number, bad + 1));
        invalid_lines_.add(number, bad);
        continue;
      }
      std::vector<int32_t> ids = codec.encode(lines[i], number);
      if (ids.empty()) continue;  // an empty line translates to an empty line
      sources.push_back(std::move(ids));
      which.push_back(i);
    }
    const std::vector<std::vector<decode::Hypothesis>> found =
        translator.translate_nbest(sources, options, [&](size_t done) { progress(done, sources.size()); });
    std::vector<const std::vector<decode::Hypothesis>*> per_line(lines.size(), nullptr);
    for (size_t k = 0; k < which.size(); ++k) per_line[which[k]] = &found[k];

    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
      const int64_t id = first_line - 1 + static_cast<int64_t>(i);  // 0-based, as Marian's n-best ids
      if (config_.search.nbest > 1) {
        if (!per_line[i]) {
          out += fmt::format("{} |||  ||| {:.6f}\n", id, 0.0);
          continue;
        }
        for (const decode::Hypothesis& h : *per_line[i])
          out += fmt::format("{} ||| {} ||| {:.6f}\n", id, codec.decode(h.tokens), h.normalized);
        continue;
      }
      if (!per_line[i]) {
        out += config_.print_scores ? fmt::format("{:.6f}\t\n", 0.0) : "\n";
        continue;
      }
      const decode::Hypothesis& best = per_line[i]->front();
      if (config_.print_scores) out += fmt::format("{:.6f}\t", best.normalized);
      out += codec.decode(best.tokens) + "\n";
    }
    return out;
  }

  // A progress line for file input (stdin has no known size), at most every
  // progress_seconds; `bytes_done`: input bytes whose lines are translated.
  void report_progress(const LineSource& input, int64_t done, double bytes_done,
                       std::chrono::steady_clock::time_point start,
                       std::chrono::steady_clock::time_point& last_report) const {
    if (config_.progress_seconds <= 0 || input.total_bytes() == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_report).count() < config_.progress_seconds) return;
    last_report = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const double fraction = std::min(1.0, bytes_done / static_cast<double>(input.total_bytes()));
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    log::info("decode", "{} sentences, {:.1f} sentences/s, {:.0f}% of the input, ETA {:.0f} s", done,
              static_cast<double>(done) / elapsed, 100 * fraction, eta);
  }

  decode::TranslateConfig config_;
  config::Schema flag_schema_;
  bool no_detok_ = false;
  mutable InvalidLineReport invalid_lines_;  // filled while translating (translate_lines is const otherwise)
};

VENTRIS_REGISTER_SUBCOMMAND(TranslateCommand)
VENTRIS_REGISTER_ARGV_ALIASES("translate", {{"-m", "--model"}, {"-i", "--input"}, {"-o", "--output"}})

}  // namespace
}  // namespace ventris::cli
