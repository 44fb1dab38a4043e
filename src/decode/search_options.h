// What a search may produce and how hypotheses are ranked (architectures.md
// §6): beam size, length normalisation, length limits, unknown-word handling,
// n-best. One struct shared by beam search, greedy search, the translator,
// validation BLEU, `score --model` and the `translate:` config section.
#pragma once

#include <cstdint>
#include <string>

#include "config/schema.h"

namespace ventris::decode {

enum class LengthNormalization {
  kFairseq,  // score / len^α, len = generated tokens including EOS
  kGnmt,     // score / ((5 + len) / 6)^α (Wu et al. 2016)
};

constexpr auto enum_names(LengthNormalization) {
  using enum LengthNormalization;
  return config::enum_table<LengthNormalization>({{kFairseq, "fairseq"}, {kGnmt, "gnmt"}});
}

// "fairseq" | "gnmt" -> enum; throws Error naming the value otherwise.
LengthNormalization parse_length_normalization(const std::string& name);

// When a sentence's beam search ends (search.h states what each guarantees).
enum class Stopping {
  kBeam,        // once `beam` hypotheses finished (fairseq's rule: what published numbers used)
  kExhaustive,  // once no open hypothesis can still enter the n-best, at any length the limit allows
};

constexpr auto enum_names(Stopping) {
  using enum Stopping;
  return config::enum_table<Stopping>({{kBeam, "beam"}, {kExhaustive, "exhaustive"}});
}

struct SearchOptions {
  int beam = 5;                // hypotheses kept per sentence; 1 = greedy (argmax until EOS)
  double lenpen = 1.0;         // α of the length normalisation (0 = raw summed log-probability)
  LengthNormalization normalization = LengthNormalization::kFairseq;
  double max_len_a = 0.0;      // at most max_len_a · S + max_len_b tokens before EOS
  int max_len_b = 200;         //   (S = source tokens including EOS; as fairseq)
  int min_len = 1;             // at least this many tokens before EOS (EOS is masked until then)
  int nbest = 1;               // hypotheses returned per sentence (<= beam)
  double unk_penalty = 0.0;    // subtracted from the unknown token's log-probability
  bool no_unk = false;         // never produce the unknown token
  Stopping stopping = Stopping::kBeam;

  // Registers every field under its config key (beam, lenpen, length_normalization,
  // max_len_a, max_len_b, min_len, nbest, unk_penalty, no_unk, stopping), and
  // the earlier boolean spelling of `stopping`: the key early_stop (true = beam,
  // false = exhaustive) and the flags --early-stop / --no-early-stop.
  void describe(config::Schema& s);
  // Only how scores are normalized (lenpen, length_normalization): forced decoding.
  void describe_normalization(config::Schema& s);
  // Throws Error naming the option when values are out of range.
  void validate() const;
};

// The denominator of the normalised score for a hypothesis of `length`
// generated tokens (EOS included).
double length_normalizer(int64_t length, const SearchOptions& options);
inline double normalized_score(double score, int64_t length, const SearchOptions& options) {
  return score / length_normalizer(length, options);
}
// Most tokens before EOS for a source of `source_length` tokens (EOS
// included), capped by what the model can position (`model_limit`).
int64_t max_output_tokens(int64_t source_length, int64_t model_limit, const SearchOptions& options);

}  // namespace ventris::decode
