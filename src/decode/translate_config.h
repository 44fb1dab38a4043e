// The `translate:` config section (YAML keys and --flags, docs/translate.md):
// what to load, how to search, how to read and write lines.
#pragma once

#include <string>
#include <vector>

#include "config/schema.h"
#include "decode/translator.h"

namespace ventris::decode {

// How lines are read and written: raw text (SentencePiece-encoded here or
// detokenized), SentencePiece pieces, or token ids.
enum class LineFormat { kText, kPieces, kIds };

constexpr auto enum_names(LineFormat) {
  using enum LineFormat;
  return config::enum_table<LineFormat>({{kText, "text"}, {kPieces, "pieces"}, {kIds, "ids"}});
}

struct TranslateConfig {
  std::string model;                     // model file (-m); --checkpoints replaces it
  std::vector<std::string> checkpoints;  // model files averaged on the fly
  std::string input = "-";               // input file (-i); "-" = standard input
  std::string output = "-";              // output file (-o), written atomically; "-" = standard output
  LineFormat input_format = LineFormat::kText;
  LineFormat output_format = LineFormat::kText;
  SearchOptions search;
  int batch_size = 64;
  int max_tokens = 0;
  bool print_scores = false;
  bool interactive = false;
  bool skip_invalid = false;
  double progress_seconds = 10.0;

  void describe(config::Schema& s) {
    s.field("model", &model, "model file to translate with (-m)");
    s.field("checkpoints", &checkpoints, "model files to average on the fly (instead of --model)");
    s.field("input", &input, "input file, one sentence per line (-i); - = standard input");
    s.field("output", &output, "output file (-o), written atomically; - = standard output");
    s.field("input_format", &input_format, "input lines: raw text, SentencePiece pieces or token ids");
    s.field("output_format", &output_format, "output lines: detokenized text, pieces or token ids");
    search.describe(s);
    s.field("batch_size", &batch_size, "sentences per batch (0 = no limit)").range = config::between(0, 1000000);
    s.field("max_tokens", &max_tokens, "padded source tokens per batch: sentences x longest (0 = no limit)").range =
        config::between(0, 100000000);
    s.field("print_scores", &print_scores, "prefix each translation with its normalized score and a tab");
    s.field("interactive", &interactive, "translate and flush every line as it arrives (terminals)");
    s.field("skip_invalid", &skip_invalid, "write an empty line for invalid UTF-8 input (with a warning) instead of failing");
    s.field("progress_seconds", &progress_seconds, "seconds between progress lines on stderr (0 = none)").range =
        config::between(0, 1e6);
  }

  TranslateOptions options() const {
    TranslateOptions o;
    o.search = search;
    o.batch_size = batch_size;
    o.max_tokens = max_tokens;
    return o;
  }
};

}  // namespace ventris::decode
