// Scoring files as `ventris score` does: read references and system outputs
// (sacreBLEU's way, see text_io.h), check they line up, compute the chosen
// metrics and write sacreBLEU-style results. Every check runs before
// anything is written, so a failed run prints no score.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "config/enum_names.h"
#include "metrics/bleu.h"
#include "metrics/chrf.h"

namespace ventris::metrics {

enum class OutputFormat { kText, kJson };

constexpr auto enum_names(OutputFormat) {
  using enum OutputFormat;
  return config::enum_table<OutputFormat>({{kText, "text"}, {kJson, "json"}});
}

struct EvaluationRequest {
  std::vector<std::string> ref_files;  // one file per reference set
  int num_refs = 1;                    // > 1: a single file whose lines hold this many tab-separated references
  std::vector<std::string> systems;    // hypothesis files, "-" = standard input; the first is the paired baseline
  bool bleu = true;
  bool chrf = false;
  BleuOptions bleu_options;
  ChrfOptions chrf_options;
  bool sentence_level = false;         // one score per line (one metric, one system)
  bool paired_bootstrap = false;       // compare systems[1..] with systems[0]
  int bootstrap_samples = 1000;
  uint32_t bootstrap_seed = 12345;
  OutputFormat format = OutputFormat::kText;
  int width = 2;                       // decimals of the scores
  bool score_only = false;             // text: the numbers alone
  bool short_signature = false;        // abbreviated signature keys
  bool force = false;                  // no warning on hypotheses that look tokenized
};

// Throws Error (bad files, line-count mismatch, ...) or UsageError (options
// that do not go together) before writing anything to `out`.
void evaluate(const EvaluationRequest& request, std::ostream& out);

}  // namespace ventris::metrics
