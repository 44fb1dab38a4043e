// Moses' detokenizer (scripts/tokenizer/detokenizer.perl, without -penn and
// -u): "@-@" hyphens joined, XML entities unescaped, then word by word:
// punctuation attaches to the left (", . ? ! : ; % ) ] }"), opening
// brackets and currency signs to the right, quotes alternate between
// opening and closing, English contractions attach to the left ("it 's" ->
// "it's"), French and Italian elisions to the right ("l' homme" ->
// "l'homme"), consecutive CJK words join (not for ko), plus the Czech and
// Finnish rules. Languages without rules get the generic ones.
#pragma once

#include <string>
#include <string_view>

namespace ventris::text::moses {

class Detokenizer {
 public:
  explicit Detokenizer(std::string language = "en");

  // One line without its newline; `line` must be valid UTF-8. Lines of
  // whitespace only, and lines that start with '<' and end with '>' (XML
  // tags), are returned unchanged, as Moses prints them.
  void detokenize(std::string_view line, std::string& out) const;
  std::string detokenize(std::string_view line) const;

  // Whether detokenizer.perl has rules of its own for `language` (cs, en,
  // fr, it, fi); Moses warns about the others.
  static bool has_rules(std::string_view language);

 private:
  std::string language_;
};

}  // namespace ventris::text::moses
