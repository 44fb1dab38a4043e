#include "metrics/report.h"

#include <fmt/format.h>

#include <algorithm>

#include "metrics/number_format.h"

namespace ventris::metrics {

std::string bleu_verbose(const BleuScore& s) {
  return fmt::format("{}/{}/{}/{} (BP = {} ratio = {} hyp_len = {} ref_len = {})", format_fixed(s.precisions[0], 1),
                     format_fixed(s.precisions[1], 1), format_fixed(s.precisions[2], 1),
                     format_fixed(s.precisions[3], 1), format_fixed(s.bp, 3), format_fixed(s.ratio, 3), s.sys_len,
                     s.ref_len);
}

namespace {
std::string head(std::string_view name, std::string_view signature) {
  return signature.empty() ? std::string(name) : fmt::format("{}|{}", name, signature);
}

void add_signature_fields(nlohmann::ordered_json& j, std::string_view signature) {
  size_t start = 0;
  while (start < signature.size()) {
    size_t end = signature.find('|', start);
    if (end == std::string_view::npos) end = signature.size();
    std::string_view field = signature.substr(start, end - start);
    if (size_t colon = field.find(':'); colon != std::string_view::npos)
      j[std::string(field.substr(0, colon))] = std::string(field.substr(colon + 1));
    start = end + 1;
  }
}
}  // namespace

std::string bleu_line(const BleuScore& score, std::string_view signature, int width) {
  return fmt::format("{} = {} {}", head("BLEU", signature), format_fixed(score.score, width), bleu_verbose(score));
}

std::string chrf_line(const ChrfScore& score, std::string_view signature, int width) {
  return fmt::format("{} = {}", head(score.name, signature), format_fixed(score.score, width));
}

nlohmann::ordered_json bleu_json(const BleuScore& s, std::string_view signature, int width) {
  nlohmann::ordered_json j;
  j["name"] = "BLEU";
  j["score"] = s.score;
  j["signature"] = std::string(signature);
  j["verbose_score"] = bleu_verbose(s);
  add_signature_fields(j, signature);
  j["counts"] = s.counts;
  j["totals"] = s.totals;
  j["precisions"] = s.precisions;
  j["bp"] = s.bp;
  j["ratio"] = s.ratio;
  j["sys_len"] = s.sys_len;
  j["ref_len"] = s.ref_len;
  return j;
}

nlohmann::ordered_json chrf_json(const ChrfScore& s, const ChrfStats& stats, const ChrfOptions& options,
                                 std::string_view signature) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["score"] = s.score;
  j["signature"] = std::string(signature);
  add_signature_fields(j, signature);
  j["char_order"] = options.char_order;
  j["word_order"] = options.word_order;
  j["beta"] = options.beta;
  j["stats"] = stats.counts;
  return j;
}

std::vector<std::string> align_on_equals(const std::vector<std::string>& lines) {
  size_t width = 0;
  for (const auto& line : lines)
    if (size_t eq = line.find(" = "); eq != std::string::npos) width = std::max(width, eq);
  std::vector<std::string> out;
  for (const auto& line : lines) {
    size_t eq = line.find(" = ");
    out.push_back(eq == std::string::npos ? line : std::string(width - eq, ' ') + line);
  }
  return out;
}

}  // namespace ventris::metrics
