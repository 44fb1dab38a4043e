// Score lines and JSON records in sacreBLEU's layout:
//   BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 20.00 55.0/26.3/13.9/5.9 (BP = 1.000 ratio = 1.000 hyp_len = 20 ref_len = 20)
//   chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 51.23
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "metrics/bleu.h"
#include "metrics/chrf.h"

namespace ventris::metrics {

// "55.0/26.3/13.9/5.9 (BP = 1.000 ratio = 1.000 hyp_len = 20 ref_len = 20)"
std::string bleu_verbose(const BleuScore& score);
// "BLEU|<signature> = <score> <verbose>"; the signature part is left out when empty.
std::string bleu_line(const BleuScore& score, std::string_view signature, int width);
// "chrF2|<signature> = <score>"
std::string chrf_line(const ChrfScore& score, std::string_view signature, int width);

// One JSON object per metric: name, score (full precision), signature, the
// signature's fields (as sacreBLEU's --format json), and the statistics.
nlohmann::ordered_json bleu_json(const BleuScore& score, std::string_view signature, int width);
nlohmann::ordered_json chrf_json(const ChrfScore& score, const ChrfStats& stats, const ChrfOptions& options,
                                 std::string_view signature);

// Right-aligns lines on their " = " so several metrics line up, as
// sacreBLEU prints them.
std::vector<std::string> align_on_equals(const std::vector<std::string>& lines);

}  // namespace ventris::metrics
