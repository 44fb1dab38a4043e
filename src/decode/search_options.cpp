#include "decode/search_options.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ventris::decode {

LengthNormalization parse_length_normalization(const std::string& name) {
  return config::parse_enum<LengthNormalization>(name, "length normalization");
}

void SearchOptions::describe(config::Schema& s) {
  s.field("beam", &beam, "beam size; 1 = greedy decoding").range = config::between(1, 10000);
  describe_normalization(s);
  s.field("max_len_a", &max_len_a, "at most max_len_a * source_length + max_len_b tokens before EOS").range =
      config::between(0, 1000);
  s.field("max_len_b", &max_len_b, "see max_len_a").range = config::between(0, 1000000);
  s.field("min_len", &min_len, "at least this many tokens before EOS").range = config::between(0, 1000000);
  s.field("nbest", &nbest, "hypotheses per sentence (<= beam), written as 'id ||| text ||| score' lines").range =
      config::between(1, 10000);
  s.field("unk_penalty", &unk_penalty, "subtracted from the unknown token's log-probability").range =
      config::between(-1e9, 1e9);
  s.field("no_unk", &no_unk, "never produce the unknown token");
  s.field("stopping", &stopping,
         "when a sentence ends: beam = once beam hypotheses finished (fairseq's rule); exhaustive = once no open "
         "hypothesis can still enter the n-best (slower the longer max_len_a/b allow)")
      .value_flags = {{"--early-stop", "beam"}, {"--no-early-stop", "exhaustive"}};
  // The boolean this key replaced, kept readable in existing files: it reads
  // and writes `stopping`, so the two can never disagree.
  config::EnumRef legacy{{"false", "true"},
                         false,
                         [this] { return std::vector<size_t>{stopping == Stopping::kBeam ? 1u : 0u}; },
                         [this](const std::vector<size_t>& i) {
                           stopping = i.at(0) == 1 ? Stopping::kBeam : Stopping::kExhaustive;
                         }};
  s.field("early_stop", std::move(legacy), "earlier spelling of stopping: true = beam, false = exhaustive").flag =
      false;
}

void SearchOptions::describe_normalization(config::Schema& s) {
  s.field("lenpen", &lenpen, "length penalty exponent alpha (0 = summed log-probability)").range =
      config::between(-10, 10);
  s.field("length_normalization", &normalization, "fairseq: score/len^a; gnmt: score/((5+len)/6)^a");
}

void SearchOptions::validate() const {
  VENTRIS_CHECK(beam >= 1, "beam must be >= 1, got {}", beam);
  VENTRIS_CHECK(nbest >= 1 && nbest <= beam, "nbest must be between 1 and the beam size {}, got {}", beam, nbest);
  VENTRIS_CHECK(max_len_a >= 0 && max_len_b >= 0, "max_len_a and max_len_b must be >= 0, got {} and {}", max_len_a,
                max_len_b);
  VENTRIS_CHECK(min_len >= 0, "min_len must be >= 0, got {}", min_len);
  VENTRIS_CHECK(std::isfinite(lenpen) && std::isfinite(unk_penalty), "lenpen and unk_penalty must be finite");
}

double length_normalizer(int64_t length, const SearchOptions& options) {
  const auto len = static_cast<double>(length);
  if (options.lenpen == 0.0) return 1.0;
  if (options.normalization == LengthNormalization::kGnmt) return std::pow((5.0 + len) / 6.0, options.lenpen);
  return std::pow(len, options.lenpen);
}

int64_t max_output_tokens(int64_t source_length, int64_t model_limit, const SearchOptions& options) {
  const auto wanted = static_cast<int64_t>(options.max_len_a * static_cast<double>(source_length)) + options.max_len_b;
  return std::max<int64_t>(0, std::min(wanted, model_limit));
}

}  // namespace ventris::decode
