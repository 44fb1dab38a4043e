// Moses' normalize-punctuation.perl: spaces around brackets and before
// colons, Unicode quotes and dashes to ASCII ("„“” « »" -> '"', '–' -> '-',
// '…' -> "..."), no-break spaces before punctuation removed, and the
// language's quote/comma order (en: ".\"" -> "\"."; de, fr, ...: ",\"" ->
// "\","). The script reads bytes, not characters: its [a-z], \d and \s are
// ASCII only, and it sees the line's newline, which decides one rule
// (a period before a closing quote at the end of a line moves behind it).
// Reproduced on the bytes, line plus "\n", in the script's order.
#pragma once

#include <string>
#include <string_view>

#include "text/moses/moses_version.h"

namespace ventris::text::moses {

class PunctuationNormalizer {
 public:
  explicit PunctuationNormalizer(std::string language = "en", MosesVersion version = MosesVersion::kCurrent);

  // One line without its newline; the result has none either (but may end
  // in a space, as Moses' does after a closing bracket).
  void normalize(std::string_view line, std::string& out) const;
  std::string normalize(std::string_view line) const;

 private:
  enum class QuoteStyle { kEnglish, kCzech, kOther };
  QuoteStyle quotes_;
  bool comma_in_numbers_;  // "1 000" with a no-break space -> "1,000" (de, es, fr, cs) or "1.000"
  MosesVersion version_;
};

}  // namespace ventris::text::moses
