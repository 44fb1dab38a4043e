#include "text/moses/punctuation_normalizer.h"

#include "text/moses/replace_all.h"

namespace ventris::text::moses {

namespace {

constexpr std::string_view kNbsp = "\u00A0";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_percent(char c) { return c == '%'; }
bool is_closing_bracket(char c) { return c == ')'; }
bool is_sentence_punctuation(char c) { return std::string_view(".!:?;,").find(c) != std::string_view::npos; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Perl's \s on a byte string: ASCII whitespace only.
bool is_byte_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The passes share one scratch string: each writes `tmp` from `text`, then
// swaps.
class Passes {
 public:
  Passes(std::string& text, std::string& tmp) : text_(text), tmp_(tmp) {}

  void replace(std::string_view from, std::string_view to) { replace_all(text_, from, to, tmp_); }

  // s/ +/ /g
  void collapse_spaces() {
    if (text_.find("  ") == std::string::npos) return;
    tmp_.clear();
    for (const char c : text_)
      if (c != ' ' || tmp_.empty() || tmp_.back() != ' ') tmp_.push_back(c);
    text_.swap(tmp_);
  }

  // s/(A)MIDDLE(B)/$1REPLACEMENT$2/g for one-byte classes A and B: a match
  // consumes both of them, so the next match starts after B.
  template <class Left, class Right>
  void replace_between(std::string_view middle, std::string_view replacement, Left left, Right right) {
    if (text_.find(middle) == std::string::npos) return;
    tmp_.clear();
    const size_t n = text_.size(), m = middle.size();
    for (size_t i = 0; i < n;) {
      if (i + m + 1 < n && left(text_[i]) && text_.compare(i + 1, m, middle) == 0 && right(text_[i + 1 + m])) {
        tmp_.push_back(text_[i]);
        tmp_.append(replacement);
        tmp_.push_back(text_[i + 1 + m]);
        i += m + 2;
      } else {
        tmp_.push_back(text_[i++]);
      }
    }
    text_.swap(tmp_);
  }

  // English: s/\"([,\.]+)/$1\"/g — a closing quote goes after the punctuation.
  void quote_after_punctuation() {
    if (text_.find('"') == std::string::npos) return;
    tmp_.clear();
    for (size_t i = 0; i < text_.size();) {
      size_t j = i + 1;
      if (text_[i] == '"')
        while (j < text_.size() && (text_[j] == ',' || text_[j] == '.')) ++j;
      if (text_[i] == '"' && j > i + 1) {
        tmp_.append(text_, i + 1, j - i - 1);
        tmp_.push_back('"');
        i = j;
      } else {
        tmp_.push_back(text_[i++]);
      }
    }
    text_.swap(tmp_);
  }

  // Others: s/(\.+)\"(\s*[^<])/\"$1$2/g — periods go after a closing quote
  // when something other than '<' follows (the line's "\n" counts, so this
  // happens at the end of a line too, despite the script's comment).
  void quote_before_periods() {
    if (text_.find(".\"") == std::string::npos) return;
    tmp_.clear();
    const size_t n = text_.size();
    for (size_t i = 0; i < n;) {
      if (text_[i] != '.') {
        tmp_.push_back(text_[i++]);
        continue;
      }
      size_t dots_end = i;
      while (dots_end < n && text_[dots_end] == '.') ++dots_end;
      size_t tail = 0;  // length of (\s*[^<]) after the quote, 0 when it cannot match
      if (dots_end < n && text_[dots_end] == '"') {
        const size_t after = dots_end + 1;
        size_t ws = after;
        while (ws < n && is_byte_space(text_[ws])) ++ws;
        if (ws < n && text_[ws] != '<') {
          tail = ws + 1 - after;
        } else if (ws > after) {
          tail = ws - after;  // the last whitespace character serves as [^<]
        }
      }
      if (tail == 0) {
        tmp_.append(text_, i, dots_end - i);
        i = dots_end;
        continue;
      }
      tmp_.push_back('"');
      tmp_.append(text_, i, dots_end - i);
      tmp_.append(text_, dots_end + 1, tail);
      i = dots_end + 1 + tail;
    }
    text_.swap(tmp_);
  }

 private:
  std::string& text_;
  std::string& tmp_;
};

}  // namespace

PunctuationNormalizer::PunctuationNormalizer(std::string language, MosesVersion version) : version_(version) {
  const std::string& l = language;
  quotes_ = l == "en" ? QuoteStyle::kEnglish : (l == "cs" || l == "cz") ? QuoteStyle::kCzech : QuoteStyle::kOther;
  comma_in_numbers_ = l == "de" || l == "es" || l == "cz" || l == "cs" || l == "fr";
}

std::string PunctuationNormalizer::normalize(std::string_view line) const {
  std::string out;
  normalize(line, out);
  return out;
}

void PunctuationNormalizer::normalize(std::string_view line, std::string& out) const {
  out.assign(line);
  out.push_back('\n');  // the script sees each line with its newline
  thread_local std::string scratch;
  Passes p(out, scratch);

  p.replace("\r", "");
  p.replace("(", " (");
  p.replace(")", ") ");
  p.collapse_spaces();
  p.replace_between(" ", "", is_closing_bracket, is_sentence_punctuation);  // s/\) ([\.\!\:\?\;\,])/\)$1/g
  p.replace("( ", "(");
  p.replace(" )", ")");
  p.replace_between(" ", "", is_digit, is_percent);  // s/(\d) \%/$1\%/g
  p.replace(" :", ":");
  p.replace(" ;", ";");
  p.replace("`", "'");
  p.replace("''", " \" ");

  p.replace("\u201E", "\"");  // „
  p.replace("\u201C", "\"");  // “
  p.replace("\u201D", "\"");  // ”
  p.replace("\u2013", "-");   // –
  p.replace("\u2014", " - ");  // —
  p.collapse_spaces();
  p.replace("\u00B4", "'");  // ´
  p.replace_between("\u2018", "'", is_ascii_letter, is_ascii_letter);  // l‘a -> l'a
  p.replace_between("\u2019", "'", is_ascii_letter, is_ascii_letter);  // l’a -> l'a
  // Moses f6d7add (2019-11) turned the remaining ‘ and ‚ into ' instead of ".
  const std::string_view single = version_ == MosesVersion::k2017 ? "\"" : "'";
  p.replace("\u2018", single);
  p.replace("\u201A", single);
  p.replace("\u2019", "\"");
  p.replace("''", "\"");
  p.replace("\u00B4\u00B4", "\"");
  p.replace("\u2026", "...");

  // French quotes, with and without their no-break spaces.
  p.replace("\u00A0\u00AB\u00A0", " \"");
  p.replace("\u00AB\u00A0", "\"");
  p.replace("\u00AB", "\"");
  p.replace("\u00A0\u00BB\u00A0", "\" ");
  p.replace("\u00A0\u00BB", "\"");
  p.replace("\u00BB", "\"");

  // No-break spaces before punctuation and units.
  p.replace("\u00A0%", "%");
  p.replace("n\u00BA\u00A0", "n\u00BA ");
  p.replace("\u00A0:", ":");
  p.replace("\u00A0\u00BAC", " \u00BAC");
  p.replace("\u00A0cm", " cm");
  p.replace("\u00A0?", "?");
  p.replace("\u00A0!", "!");
  p.replace("\u00A0;", ";");
  p.replace(",\u00A0", ", ");
  p.collapse_spaces();

  switch (quotes_) {
    case QuoteStyle::kEnglish: p.quote_after_punctuation(); break;
    case QuoteStyle::kCzech: break;
    case QuoteStyle::kOther:
      p.replace(",\"", "\",");
      p.quote_before_periods();
      break;
  }
  p.replace_between(kNbsp, comma_in_numbers_ ? "," : ".", is_digit, is_digit);

  out.pop_back();  // the newline
}

}  // namespace ventris::text::moses
