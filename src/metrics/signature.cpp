#include "metrics/signature.h"

#include <fmt/format.h>

#include <vector>

#include "metrics/number_format.h"

namespace ventris::metrics {

namespace {

struct Field {
  std::string_view name, abbreviation;
  std::string value;
};

// The shared fields in sacreBLEU's order; metric fields go between them and
// the version, which always comes last.
std::vector<Field> leading_fields(const SignatureOptions& sig) {
  std::vector<Field> fields;
  fields.push_back({"nrefs", "#", sig.nrefs < 0 ? std::string("var") : std::to_string(sig.nrefs)});
  if (sig.bootstrap_samples > 0) fields.push_back({"bs", "bs", std::to_string(sig.bootstrap_samples)});
  if (sig.seed) fields.push_back({"seed", "rs", std::to_string(*sig.seed)});
  return fields;
}

std::string join(std::vector<Field> fields, const SignatureOptions& sig) {
  fields.push_back({"version", "v", std::string(kSacrebleuVersion)});
  std::string out;
  for (const Field& f : fields) {
    if (!out.empty()) out.push_back('|');
    out += fmt::format("{}:{}", sig.short_form ? f.abbreviation : f.name, f.value);
  }
  return out;
}

}  // namespace

std::string bleu_tokenizer_signature(const BleuOptions& options) {
  std::string tok(tokenizer_name(options.tokenize));
  if (options.tokenize == TokenizerKind::kMoses) tok += "-" + options.language;  // moses-de
  if (options.compound_split) tok += "+compound";
  return tok;
}

std::string bleu_signature(const BleuOptions& options, const SignatureOptions& sig) {
  std::vector<Field> fields = leading_fields(sig);
  std::string smooth(smooth_method_name(options.smooth_method));
  if (auto def = default_smooth_value(options.smooth_method)) {
    smooth += '[';
    smooth += format_fixed(options.smooth_value.value_or(*def), 2);
    smooth += ']';
  }
  fields.push_back({"case", "c", options.lowercase ? "lc" : "mixed"});
  fields.push_back({"eff", "e", options.effective_order ? "yes" : "no"});
  fields.push_back({"tok", "tok", bleu_tokenizer_signature(options)});
  fields.push_back({"smooth", "s", smooth});
  return join(std::move(fields), sig);
}

std::string chrf_signature(const ChrfOptions& options, const SignatureOptions& sig) {
  std::vector<Field> fields = leading_fields(sig);
  fields.push_back({"case", "c", options.lowercase ? "lc" : "mixed"});
  fields.push_back({"eff", "e", options.eps_smoothing ? "no" : "yes"});
  fields.push_back({"nc", "nc", std::to_string(options.char_order)});
  fields.push_back({"nw", "nw", std::to_string(options.word_order)});
  fields.push_back({"space", "s", options.whitespace ? "yes" : "no"});
  return join(std::move(fields), sig);
}

}  // namespace ventris::metrics
