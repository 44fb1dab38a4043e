// sacreBLEU's reproducibility signatures, e.g.
//   nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0
//   nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0
// `version` names the sacreBLEU release whose numbers Ventris reproduces, so
// a Ventris signature reads like the sacreBLEU one for the same settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "metrics/bleu.h"
#include "metrics/chrf.h"

namespace ventris::metrics {

inline constexpr std::string_view kSacrebleuVersion = "2.6.0";

struct SignatureOptions {
  int nrefs = 1;                        // -1: varies per segment ("var")
  bool short_form = false;              // sacreBLEU --short: abbreviated keys
  int bootstrap_samples = 0;            // > 0: "bs:N" (paired bootstrap)
  std::optional<uint32_t> seed;         // "seed:N" with a bootstrap
};

std::string bleu_signature(const BleuOptions& options, const SignatureOptions& sig);
std::string chrf_signature(const ChrfOptions& options, const SignatureOptions& sig);

// The tokenizer's signature value: "13a", ..., "none+compound" with compound splitting.
std::string bleu_tokenizer_signature(const BleuOptions& options);

}  // namespace ventris::metrics
