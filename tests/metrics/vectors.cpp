#include "metrics/vectors.h"

#include <filesystem>
#include <fstream>

namespace ventris::test {

std::string bleu_vectors_dir() { return std::string(VENTRIS_SHARED_DIR) + "/bleu-vectors"; }

const nlohmann::json* bleu_vectors(std::string* why) {
  static const std::string path = bleu_vectors_dir() + "/expected.json";
  static const nlohmann::json data = [] {
    std::ifstream f(path);
    if (!f) return nlohmann::json();
    return nlohmann::json::parse(f);
  }();
  if (data.is_null()) {
    if (why) *why = "../shared/bleu-vectors not found: " + path + " does not exist (the shared test data sits beside the repository)";
    return nullptr;
  }
  return &data;
}

metrics::BleuOptions bleu_options_of(const nlohmann::json& c) {
  const auto& o = c.at("options");
  metrics::BleuOptions opts;
  opts.tokenize = metrics::parse_tokenizer(o.at("tokenize").get<std::string>());
  opts.lowercase = o.at("lowercase").get<bool>();
  opts.smooth_method = metrics::parse_smooth_method(o.at("smooth_method").get<std::string>());
  if (!o.at("smooth_value").is_null()) opts.smooth_value = o.at("smooth_value").get<double>();
  opts.effective_order = o.at("effective_order").get<bool>();
  return opts;
}

metrics::ChrfOptions chrf_options_of(const nlohmann::json& c) {
  const auto& o = c.at("options");
  metrics::ChrfOptions opts;
  opts.char_order = o.at("char_order").get<int>();
  opts.word_order = o.at("word_order").get<int>();
  opts.beta = o.at("beta").get<int>();
  opts.lowercase = o.at("lowercase").get<bool>();
  opts.whitespace = o.at("whitespace").get<bool>();
  opts.eps_smoothing = o.at("eps_smoothing").get<bool>();
  return opts;
}

}  // namespace ventris::test
