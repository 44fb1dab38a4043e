// `ventris tokenize` and `ventris detokenize` (docs/tokenize.md): Moses'
// tokenizer.perl / normalize-punctuation.perl / lowercase.perl and
// detokenizer.perl as filters, standard input to standard output or
// -i FILE -o FILE:
//
//   ventris tokenize -l de [--normalize] [--remove-non-printing] [--lowercase | --lowercase-first]
//                    [-a] [--no-escape] [--moses-version current|2017]
//   ventris detokenize -l de
//
// The rules are in src/text/moses; this file reads, checks and writes lines,
// and spreads chunks of them over the --threads.
#include <functional>

#include "cli/argv_aliases.h"
#include "cli/line_source.h"
#include "cli/output_sink.h"
#include "cli/subcommand.h"
#include "core/error.h"
#include "core/logging.h"
#include "core/threads.h"
#include "data/text_lines.h"
#include "text/moses/detokenizer.h"
#include "text/moses/nonbreaking_prefixes.h"
#include "text/moses/pipeline.h"

namespace ventris::cli {

namespace {

using LineTransform = std::function<void(std::string_view, std::string&)>;

// Lines in, one transformed line out per line, in order. A chunk is processed
// when it is full, at the end, or when standard input pauses (so a pipe gets
// its lines back without waiting for more). Invalid UTF-8 stops the run with
// the line's number; with -o nothing is written then.
void filter_lines(const std::string& input_path, const std::string& output_path, const LineTransform& transform) {
  LineSource input(input_path);
  OutputSink output(output_path);
  const std::string input_name = input.is_stdin() ? "standard input" : input_path;
  constexpr size_t kChunk = 8192;
  std::vector<std::string> lines, results;
  std::string line, text;
  int64_t first_line = 1;
  const int threads = num_threads();
  for (;;) {
    const bool more = input.next(line);
    if (more) lines.push_back(line);
    const bool flush_now = !more || lines.size() >= kChunk || (input.is_stdin() && !input.ready());
    if (!flush_now || lines.empty()) {
      if (!more) break;
      continue;
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      const size_t bad = data::find_invalid_utf8(lines[i]);
      if (bad != std::string::npos)
        throw Error(fmt::format("{}: line {} is not valid UTF-8 (byte {})", input_name,
                                first_line + static_cast<int64_t>(i), bad + 1));
    }
    results.resize(lines.size());
    const auto count = static_cast<int64_t>(lines.size());
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads) if (count >= 1024 && threads > 1)
    for (int64_t i = 0; i < count; ++i) transform(lines[i], results[i]);
    text.clear();
    for (const std::string& r : results) {
      text += r;
      text += '\n';
    }
    output.write(text);
    output.flush();
    first_line += count;
    lines.clear();
    if (!more) break;
  }
  output.commit();
}

void add_io_options(CLI::App& cmd, std::string& input, std::string& output) {
  cmd.add_option("-i,--input", input, "input file, one sentence per line ('-' = standard input)");
  cmd.add_option("-o,--output", output, "output file, written atomically ('-' = standard output)");
}

class TokenizeCommand : public Subcommand {
 public:
  std::string name() const override { return "tokenize"; }
  std::string description() const override {
    return "Moses tokenization (tokenizer.perl), with optional punctuation normalization and lower-casing: a filter "
           "on lines";
  }
  void add_options(CLI::App& cmd, config::FlagBinder&) override {
    cmd.add_option("-l,--language", options_.tokenizer.language,
                   "language code as Moses spells it (en, de, fr, ...); decides the apostrophe rules and the "
                   "nonbreaking prefixes")
        ->capture_default_str();
    cmd.add_flag("-a,--aggressive", options_.tokenizer.aggressive,
                 "split hyphens between letters or digits: a-b -> a @-@ b (tokenizer.perl -a)");
    cmd.add_flag("--no-escape", no_escape_, "leave & | < > ' \" [ ] as they are instead of XML entities");
    cmd.add_flag("--normalize", options_.normalize, "normalize punctuation first (normalize-punctuation.perl -l LANG)");
    cmd.add_flag("--remove-non-printing", options_.remove_non_printing,
                 "control and format characters to spaces before tokenizing (remove-non-printing-char.perl: "
                 "fairseq's WMT training data)");
    auto* last = cmd.add_flag("--lowercase", lowercase_last_,
                              "lower-case the tokenized text (tokenizer.perl | lowercase.perl: fairseq's IWSLT'14)");
    auto* first = cmd.add_flag("--lowercase-first", lowercase_first_,
                               "lower-case before normalizing and tokenizing (lowercase.perl | ... : Multi30k's tok/)");
    last->excludes(first);
    cmd.add_option("--moses-version", version_name_,
                   "which Moses scripts to reproduce: current (2021 on) or 2017 (the snapshot of Multi30k's tok/ "
                   "files)")
        ->capture_default_str();
    add_io_options(cmd, input_, output_);
  }
  int run(const config::GlobalOptions&) override {
    options_.tokenizer.escape = !no_escape_;
    options_.tokenizer.version = parse_version(version_name_);
    options_.lowercase = lowercase_first_  ? text::moses::Lowercase::kFirst
                         : lowercase_last_ ? text::moses::Lowercase::kLast
                                           : text::moses::Lowercase::kNone;
    if (options_.tokenizer.language.empty()) throw UsageError("--language must not be empty");
    if (!text::moses::has_prefix_list(options_.tokenizer.language))
      log::warn("tokenize", "no nonbreaking prefixes for language '{}': using the English ones, as Moses does",
                options_.tokenizer.language);
    const text::moses::Pipeline pipeline(options_);
    filter_lines(input_, output_, [&](std::string_view in, std::string& out) { pipeline.process(in, out); });
    return 0;
  }

 private:
  static text::moses::MosesVersion parse_version(const std::string& name) {
    try {
      return config::parse_enum<text::moses::MosesVersion>(name, "--moses-version");
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }

  text::moses::PipelineOptions options_;
  bool no_escape_ = false, lowercase_last_ = false, lowercase_first_ = false;
  std::string version_name_ = "current";
  std::string input_ = "-", output_ = "-";
};

class DetokenizeCommand : public Subcommand {
 public:
  std::string name() const override { return "detokenize"; }
  std::string description() const override {
    return "Moses detokenization (detokenizer.perl): joins what `tokenize` split, unescapes XML entities";
  }
  void add_options(CLI::App& cmd, config::FlagBinder&) override {
    cmd.add_option("-l,--language", language_, "language code as Moses spells it (en, fr, it, cs, fi have rules)")
        ->capture_default_str();
    add_io_options(cmd, input_, output_);
  }
  int run(const config::GlobalOptions&) override {
    if (!text::moses::Detokenizer::has_rules(language_))
      log::warn("detokenize", "no rules of its own for language '{}': the generic ones apply, as in Moses",
                language_);
    const text::moses::Detokenizer detokenizer(language_);
    filter_lines(input_, output_, [&](std::string_view in, std::string& out) { detokenizer.detokenize(in, out); });
    return 0;
  }

 private:
  std::string language_ = "en";
  std::string input_ = "-", output_ = "-";
};

VENTRIS_REGISTER_SUBCOMMAND(TokenizeCommand)
VENTRIS_REGISTER_SUBCOMMAND(DetokenizeCommand)

// tokenizer.perl's spellings.
VENTRIS_REGISTER_ARGV_ALIASES("tokenize", {{"-no-escape", "--no-escape"}})

}  // namespace
}  // namespace ventris::cli
