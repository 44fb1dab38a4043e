// mteval-v13a tokenization as sacreBLEU's `13a` tokenizer does it, and the
// regular-expression rules it shares with `zh` (sacreBLEU's TokenizerRegexp).
#pragma once

#include <string>
#include <string_view>

namespace ventris::metrics {

// The four substitutions of TokenizerRegexp, applied one after another with
// Python re.sub semantics (left to right, non-overlapping), then
// ' '.join(text.split()):
//   1. ASCII punctuation other than ' , - . gets spaces around it;
//   2. '.' or ',' after a non-digit is split off;
//   3. '.' or ',' before a non-digit is split off;
//   4. '-' after a digit is split off.
// Working on UTF-8 bytes gives the same result as on code points: the rules
// only test ASCII bytes, and a multi-byte character never starts a match.
void apply_mteval_rules(std::string_view text, std::string& out);

// `13a`: drops <skipped>, unescapes &quot; &amp; &lt; &gt;, pads the line with
// one space on each side (so a final '.' is split off even after a digit) and
// applies the rules above.
void tokenize_13a(std::string_view line, std::string& out);

}  // namespace ventris::metrics
