// Access to ../shared/bleu-vectors (sacreBLEU 2.6.0's figures for 170 cases)
// for the metric tests; see that folder's README for the format.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "metrics/bleu.h"
#include "metrics/chrf.h"

namespace ventris::test {

// The folder holding expected.json.
std::string bleu_vectors_dir();
// expected.json parsed, or null when the folder is absent (*why says why).
const nlohmann::json* bleu_vectors(std::string* why);

metrics::BleuOptions bleu_options_of(const nlohmann::json& test_case);
metrics::ChrfOptions chrf_options_of(const nlohmann::json& test_case);

}  // namespace ventris::test
