#include "text/moses/detokenizer.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "text/utf8.h"
#include "text/moses/char_classes.h"
#include "text/moses/lowercase.h"
#include "text/moses/replace_all.h"

namespace ventris::text::moses {

namespace {

using Words = std::vector<std::string_view>;

char32_t first_char(std::string_view word) {
  size_t pos = 0;
  return word.empty() ? 0 : decode_utf8(word, pos);
}

char32_t last_char(std::string_view word) {
  if (word.empty()) return 0;
  size_t start = word.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(word[start]) & 0xC0) == 0x80) --start;
  return decode_utf8(word, start);
}

// detokenizer.perl's charIsCJK: Hangul Jamo, the CJK blocks from radicals to
// Yi, Phags-pa, Hangul syllables, compatibility ideographs and forms,
// half-width Katakana/Hangul, and the Supplementary Ideographic Plane.
bool is_cjk(char32_t c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xA840 && c <= 0xA87F) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF65 && c <= 0xFFDC) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Every character of `word` (at least one) satisfies `pred`.
template <class Pred>
bool all_chars(std::string_view word, Pred pred) {
  if (word.empty()) return false;
  for (size_t pos = 0; pos < word.size();)
    if (!pred(decode_utf8(word, pos))) return false;
  return true;
}

bool is_ascii_digits(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool opens_right(char32_t c) {  // ^[\p{IsSc}\(\[\{\¿\¡]+$
  return is_currency(c) || c == U'(' || c == U'[' || c == U'{' || c == U'\u00BF' || c == U'\u00A1';
}

bool closes_left(char32_t c) {  // ^[\,\.\?\!\:\;\\\%\}\]\)]+$
  return std::u32string_view(U",.?!:;\\%}])").find(c) != std::u32string_view::npos;
}

bool is_quote(char32_t c) {  // ^[\'\"„“`]+$
  return c == U'\'' || c == U'"' || c == U'\u201E' || c == U'\u201C' || c == U'`';
}

// Finnish case endings after "EU:" (^(stem)(possessive)?(clitic)?$).
bool is_finnish_case_suffix(std::string_view word) {
  static constexpr std::array<std::string_view, 54> stems = {
      "N",   "n",   "A",   "a",   "Ä",   "ä",   "ssa", "Ssa", "ssä", "Ssä", "sta",  "stä",  "Sta", "Stä",
      "hun", "Hun", "hyn", "Hyn", "han", "Han", "hän", "Hän", "hön", "Hön", "un",   "Un",   "yn",  "Yn",
      "an",  "An",  "än",  "Än",  "ön",  "Ön",  "seen", "Seen", "lla", "Lla", "llä", "Llä", "lta", "Lta",
      "ltä", "Ltä", "lle", "Lle", "ksi", "Ksi", "kse", "Kse", "tta", "Tta", "ine", "Ine"};
  static constexpr std::array<std::string_view, 6> possessives = {"", "ni", "si", "mme", "nne", "nsa"};
  static constexpr std::array<std::string_view, 10> clitics = {"", "ko", "kö", "han", "hän",
                                                                "pa", "pä", "kaan", "kään", "kin"};
  for (std::string_view stem : stems) {
    if (!word.starts_with(stem)) continue;
    const std::string_view rest = word.substr(stem.size());
    for (std::string_view possessive : possessives) {
      if (!rest.starts_with(possessive)) continue;
      const std::string_view tail = rest.substr(possessive.size());
      if (std::find(clitics.begin(), clitics.end(), tail) != clitics.end()) return true;
    }
  }
  return false;
}

// ASCII case-insensitive prefix test (/^mail/i, /^li$/i).
bool starts_with_nocase(std::string_view word, std::string_view prefix) {
  if (word.size() < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    char c = word[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

void deescape(std::string& text, std::string& tmp) {
  if (text.find('&') == std::string::npos) return;
  replace_all(text, "&bar;", "|", tmp);
  replace_all(text, "&#124;", "|", tmp);
  replace_all(text, "&lt;", "<", tmp);
  replace_all(text, "&gt;", ">", tmp);
  replace_all(text, "&bra;", "[", tmp);
  replace_all(text, "&ket;", "]", tmp);
  replace_all(text, "&quot;", "\"", tmp);
  replace_all(text, "&apos;", "'", tmp);
  replace_all(text, "&#91;", "[", tmp);
  replace_all(text, "&#93;", "]", tmp);
  replace_all(text, "&amp;", "&", tmp);
}

bool passes_unchanged(std::string_view line) {
  return (line.size() >= 3 && line.front() == '<' && line.back() == '>') || is_blank_line(line);
}

}  // namespace

Detokenizer::Detokenizer(std::string language) : language_(std::move(language)) {}

bool Detokenizer::has_rules(std::string_view language) {
  return language == "cs" || language == "en" || language == "fr" || language == "it" || language == "fi";
}

std::string Detokenizer::detokenize(std::string_view line) const {
  std::string out;
  detokenize(line, out);
  return out;
}

void Detokenizer::detokenize(std::string_view line, std::string& out) const {
  out.clear();
  if (passes_unchanged(line)) {
    out.assign(line);
    return;
  }
  thread_local std::string text, tmp;
  text.assign(" ");
  text.append(line);
  text.push_back(' ');
  replace_all(text, " @-@ ", "-", tmp);
  deescape(text, tmp);

  // split(/ /): a leading empty word stays, trailing ones go.
  thread_local Words words;
  words.clear();
  for (size_t begin = 0;;) {
    const size_t end = std::min(text.find(' ', begin), text.size());
    words.push_back(std::string_view(text).substr(begin, end - begin));
    if (end == text.size()) break;
    begin = end + 1;
  }
  while (!words.empty() && words.back().empty()) words.pop_back();

  const std::string& l = language_;
  const bool en = l == "en", fr = l == "fr", cs = l == "cs";
  const size_t n = words.size();
  std::map<std::string, int, std::less<>> quote_count{{"'", 0}, {"\"", 0}};
  std::string_view prepend = " ";
  thread_local std::string lowered;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = words[i];
    const char32_t first = first_char(w);
    if (!w.empty() && is_cjk(first)) {
      // Consecutive CJK words join (Korean keeps its spaces).
      if (!(i > 0 && !words[i - 1].empty() && is_cjk(last_char(words[i - 1])) && l != "ko")) out += prepend;
      out += w;
      prepend = " ";
    } else if (all_chars(w, opens_right)) {
      out += prepend;
      out += w;
      prepend = "";
    } else if (all_chars(w, closes_left)) {
      // French puts a space before ? ! : ; \ % (one character).
      if (fr && w.size() == 1 && std::string_view("?!:;\\%").find(w[0]) != std::string_view::npos) out += ' ';
      out += w;
      prepend = " ";
    } else if (en && i > 0 && w.size() >= 2 && w[0] == '\'' && is_alpha(first_char(w.substr(1))) &&
               !words[i - 1].empty() && is_alnum(last_char(words[i - 1]))) {
      out += w;  // it 's -> it's
      prepend = " ";
    } else if (cs && i > 1 && is_ascii_digits(words[i - 2]) && (words[i - 1] == "." || words[i - 1] == ",") &&
               is_ascii_digits(w)) {
      out += w;  // Czech decimals: 3 , 14 -> 3,14
      prepend = " ";
    } else if ((fr || l == "it") && i + 2 <= n && w.size() >= 2 && w.back() == '\'' &&
               is_alpha(last_char(w.substr(0, w.size() - 1))) && !words[i + 1].empty() &&
               is_alpha(first_char(words[i + 1]))) {
      out += prepend;
      out += w;  // l' homme -> l'homme
      prepend = "";
    } else if (cs && i + 3 < n && !w.empty() && is_alpha(last_char(w)) &&
               (words[i + 1] == "-" || words[i + 1] == "\u2013") &&
               ((words[i + 2].size() == 2 && starts_with_nocase(words[i + 2], "li")) || starts_with_nocase(words[i + 2], "mail"))) {
      out += prepend;  // Czech "-li" and e-mail
      out += w;
      out += words[i + 1];
      ++i;
      prepend = "";
    } else if (all_chars(w, is_quote)) {
      const bool double_quote = all_chars(w, [](char32_t c) { return c == U'\u201E' || c == U'\u201C' || c == U'\u201D'; });
      const std::string key = double_quote ? "\"" : std::string(w);
      int& count = quote_count[key];
      if (cs && w == "\u201E") count = 0;  // always opens in Czech
      if (cs && w == "\u201C") count = 1;  // usually closes in Czech
      if (count % 2 == 0) {
        if (en && w == "'" && i > 0 && words[i - 1].ends_with('s')) {
          out += w;  // the Jones' house: a possessive, not an opening quote
          prepend = " ";
        } else {
          out += prepend;
          out += w;
          prepend = "";
          ++count;
        }
      } else {
        out += w;
        prepend = " ";
        ++count;
      }
    } else if (l == "fi" && words[i == 0 ? n - 1 : i - 1].ends_with(':') && is_finnish_case_suffix(w)) {
      lowercase(w, lowered);  // EU:n, EU:ssa
      out += lowered;
      prepend = " ";
    } else {
      out += prepend;
      out += w;
      prepend = " ";
    }
  }

  // s/ +/ /g; s/^ //; s/ $//
  tmp.clear();
  for (const char c : out)
    if (c != ' ' || (!tmp.empty() && tmp.back() != ' ')) tmp.push_back(c);
  if (!tmp.empty() && tmp.back() == ' ') tmp.pop_back();
  out.swap(tmp);
}

}  // namespace ventris::text::moses
