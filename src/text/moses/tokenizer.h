// Moses' tokenizer (scripts/tokenizer/tokenizer.perl), reproduced rule for
// rule so that its output equals the Perl script's byte for byte on the data
// published results were computed on (docs/tokenize.md has the figures):
//
//   Tokenizer tok({.language = "de", .aggressive = true});
//   tok.tokenize("Das Ganze kostet 5,50 Euro.")   // "Das Ganze kostet 5,50 Euro ."
//
// Each Perl substitution is a left-to-right scan with the same
// non-overlapping matches (a comma or apostrophe rule consumes the characters
// around what it matched, which decides what the next match can see), over
// the line's code points; the character classes are Perl's (char_classes.h).
// Not reproduced: -penn, -x, -protected patterns, and the literal words
// DOTMULTI/DOTDOTMULTI in the input (Moses turns them into periods).
#pragma once

#include <string>
#include <string_view>

#include "text/moses/moses_version.h"

namespace ventris::text::moses {

class NonbreakingPrefixes;

struct TokenizerOptions {
  std::string language = "en";  // -l: en, de, fr, ...; others use the generic rules and a fallback list
  bool aggressive = false;       // -a: split hyphens between letters/digits as "@-@"
  bool escape = true;            // XML-escape & | < > ' " [ ] (off: -no-escape)
  MosesVersion version = MosesVersion::kCurrent;
};

class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options);

  // One line without its newline; `line` must be valid UTF-8. A line of
  // whitespace only is returned unchanged, as Moses prints it unchanged.
  void tokenize(std::string_view line, std::string& out) const;
  std::string tokenize(std::string_view line) const;

  const TokenizerOptions& options() const { return options_; }

 private:
  enum class SpecialChars { kDefault, kColonInWords, kMiddotInWords, kApostropheInWords };
  enum class Apostrophes { kNone, kSplitAll, kEnglish, kRomance, kGlottal };  // kNone: no apostrophe in the line

  TokenizerOptions options_;
  const NonbreakingPrefixes* prefixes_;
  SpecialChars special_ = SpecialChars::kDefault;
  Apostrophes apostrophes_ = Apostrophes::kSplitAll;
};

}  // namespace ventris::text::moses
