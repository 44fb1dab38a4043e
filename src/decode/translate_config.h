// The `translate:` config section (YAML keys and --flags, docs/translate.md):
// what to load, how to search, how to read and write lines.
#pragma once

#include <string>
#include <vector>

#include "config/schema.h"
#include "decode/translator.h"

namespace ventris::decode {

struct TranslateConfig {
  std::string model;                     // model file (-m); --checkpoints replaces it
  std::vector<std::string> checkpoints;  // model files averaged on the fly
  std::string input = "-";               // input file (-i); "-" = standard input
  std::string output = "-";              // output file (-o), written atomically; "-" = standard output
  std::string input_format = "text";     // text (raw, SentencePiece-encoded here), pieces or ids
  std::string output_format = "text";    // text (detokenized), pieces or ids
  int beam = 5;
  double lenpen = 1.0;
  std::string length_normalization = "fairseq";
  double max_len_a = 0.0;
  int max_len_b = 200;
  int min_len = 1;
  int nbest = 1;
  double unk_penalty = 0.0;
  bool no_unk = false;
  bool early_stop = false;
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
    s.field("input_format", &input_format, "input lines: raw text, SentencePiece pieces or token ids")
        .choices = {"text", "pieces", "ids"};
    s.field("output_format", &output_format, "output lines: detokenized text, pieces or token ids")
        .choices = {"text", "pieces", "ids"};
    s.field("beam", &beam, "beam size; 1 = greedy decoding");
    s.field("lenpen", &lenpen, "length penalty exponent alpha (0 = summed log-probability)");
    s.field("length_normalization", &length_normalization, "fairseq: score/len^a; gnmt: score/((5+len)/6)^a")
        .choices = {"fairseq", "gnmt"};
    s.field("max_len_a", &max_len_a, "at most max_len_a * source_length + max_len_b tokens before EOS");
    s.field("max_len_b", &max_len_b, "see max_len_a");
    s.field("min_len", &min_len, "at least this many tokens before EOS");
    s.field("nbest", &nbest, "hypotheses per sentence (<= beam), written as 'id ||| text ||| score' lines");
    s.field("unk_penalty", &unk_penalty, "subtracted from the unknown token's log-probability");
    s.field("no_unk", &no_unk, "never produce the unknown token");
    s.field("early_stop", &early_stop,
            "stop a sentence once beam hypotheses finished (fairseq) instead of when none open can beat them");
    s.field("batch_size", &batch_size, "sentences per batch (0 = no limit)");
    s.field("max_tokens", &max_tokens, "padded source tokens per batch: sentences x longest (0 = no limit)");
    s.field("print_scores", &print_scores, "prefix each translation with its normalized score and a tab");
    s.field("interactive", &interactive, "translate and flush every line as it arrives (terminals)");
    s.field("skip_invalid", &skip_invalid, "write an empty line for invalid UTF-8 input (with a warning) instead of failing");
    s.field("progress_seconds", &progress_seconds, "seconds between progress lines on stderr (0 = none)");
  }

  TranslateOptions options() const {
    TranslateOptions o;
    o.search.beam = beam;
    o.search.lenpen = lenpen;
    o.search.normalization = parse_length_normalization(length_normalization);
    o.search.max_len_a = max_len_a;
    o.search.max_len_b = max_len_b;
    o.search.min_len = min_len;
    o.search.nbest = nbest;
    o.search.unk_penalty = unk_penalty;
    o.search.no_unk = no_unk;
    o.search.early_stop = early_stop;
    o.batch_size = batch_size;
    o.max_tokens = max_tokens;
    return o;
  }
};

}  // namespace ventris::decode
