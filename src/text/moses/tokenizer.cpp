#include "text/moses/tokenizer.h"

#include <algorithm>

#include "text/utf8.h"
#include "text/moses/char_classes.h"
#include "text/moses/nonbreaking_prefixes.h"

namespace ventris::text::moses {

namespace {

using Text = std::u32string;

// A run of k >= 2 periods stands as one character kDotRun + k between the
// passes, as Moses hides it behind the word "DOTMULTI": no rule may see its
// periods, and the word loop sees a word that starts with a capital letter
// (D), so neither lower-case nor a digit.
constexpr char32_t kDotRun = 0x110000;

bool is_dot_run(char32_t c) { return c > kDotRun; }

// Step 1 (s/\s+/ /g; s/[\000-\037]//g; then single spaces, trimmed): every
// whitespace character separates, control characters vanish.
void clean(std::string_view line, Text& out) {
  out.clear();
  bool pending_space = false;
  for (size_t pos = 0; pos < line.size();) {
    const char32_t c = decode_utf8(line, pos);
    if (is_space(c)) {
      pending_space = true;
    } else if (c >= 0x20) {
      if (pending_space && !out.empty()) out.push_back(U' ');
      pending_space = false;
      out.push_back(c);
    }
  }
}

void pad(Text& out, char32_t c) {
  out.push_back(U' ');
  out.push_back(c);
  out.push_back(U' ');
}

// Step 2: s/([^\p{IsAlnum}\s\.\'\`\,\-])/ $1 /g, with ':' (fi, sv) or '·'
// (ca) also kept inside words. (For ca the script, which is not read as
// UTF-8, lists the bytes of '·' in the class: U+00C2 and U+00B7; U+00C2 Â
// is a letter anyway.)
void pad_special_characters(const Text& in, Text& out, char32_t also_kept) {
  out.clear();
  for (const char32_t c : in) {
    const bool kept = is_alnum(c) || c == U' ' || c == U'.' || c == U'\'' || c == U'`' || c == U',' ||
                      c == U'-' || (also_kept && c == also_kept);
    if (kept) {
      out.push_back(c);
    } else {
      pad(out, c);
    }
  }
}

// s/(X)(?=$|[^\p{Ll}])/ $1 /g: the in-word string X is split off unless a
// lower-case letter follows.
void pad_unless_lowercase_follows(const Text& in, Text& out, std::u32string_view x) {
  out.clear();
  for (size_t i = 0; i < in.size();) {
    const size_t after = i + x.size();
    if (in.compare(i, x.size(), x) == 0 && (after == in.size() || !is_ll(in[after]))) {
      out.push_back(U' ');
      out.append(x);
      out.push_back(U' ');
      i = after;
    } else {
      out.push_back(in[i++]);
    }
  }
}

// -a: s/([\p{IsAlnum}])\-(?=[\p{IsAlnum}])/$1 \@-\@ /g. The match consumes the
// character before the hyphen, never the one after, so every hyphen is
// decided by its two neighbours alone.
void split_hyphens(const Text& in, Text& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == U'-' && i > 0 && i + 1 < in.size() && is_alnum(in[i - 1]) && is_alnum(in[i + 1])) {
      out.append(U" @-@ ");
    } else {
      out.push_back(in[i]);
    }
  }
}

// Runs of two or more periods become one placeholder with a space before it
// and, unless the run ends the line, after it (what Moses' DOTMULTI loop
// leaves).
void hide_dot_runs(const Text& in, Text& out) {
  out.clear();
  for (size_t i = 0; i < in.size();) {
    if (in[i] == U'.' && i + 1 < in.size() && in[i + 1] == U'.') {
      size_t j = i;
      while (j < in.size() && in[j] == U'.') ++j;
      out.push_back(U' ');
      out.push_back(kDotRun + static_cast<char32_t>(j - i));
      if (j < in.size()) out.push_back(U' ');
      i = j;
    } else {
      out.push_back(in[i++]);
    }
  }
}

// s/([^\p{IsN}])[,]/$1 , /g; s/[,]([^\p{IsN}])/ , $1/g; s/([\p{IsN}])[,]$/$1 ,/g
void split_commas(Text& text, Text& tmp) {
  tmp.clear();
  for (size_t i = 0; i < text.size();) {
    if (i + 1 < text.size() && text[i + 1] == U',' && !is_number(text[i])) {
      tmp.push_back(text[i]);
      tmp.append(U" , ");
      i += 2;
    } else {
      tmp.push_back(text[i++]);
    }
  }
  text.clear();
  for (size_t i = 0; i < tmp.size();) {
    if (tmp[i] == U',' && i + 1 < tmp.size() && !is_number(tmp[i + 1])) {
      text.append(U" , ");
      text.push_back(tmp[i + 1]);
      i += 2;
    } else {
      text.push_back(tmp[i++]);
    }
  }
  const size_t n = text.size();
  if (n >= 2 && text[n - 1] == U',' && is_number(text[n - 2])) {
    text.pop_back();
    text.append(U" ,");
  }
}

enum class Side { kNotAlpha, kAlpha, kNeitherAlphaNorNumber, kNumber, kLetterS };

bool side_matches(Side side, char32_t c) {
  switch (side) {
    case Side::kNotAlpha: return !is_alpha(c);
    case Side::kAlpha: return is_alpha(c);
    case Side::kNeitherAlphaNorNumber: return !is_alpha(c) && !is_number(c);
    case Side::kNumber: return is_number(c);
    case Side::kLetterS: return c == U's';
  }
  return false;
}

// One apostrophe rule s/(L)[']( R)/$1<before>'<after>$2/g: a match consumes
// both neighbours.
void split_apostrophes(Text& text, Text& tmp, Side left, Side right, bool space_before, bool space_after) {
  tmp.clear();
  for (size_t i = 0; i < text.size();) {
    if (i + 2 < text.size() && text[i + 1] == U'\'' && side_matches(left, text[i]) &&
        side_matches(right, text[i + 2])) {
      tmp.push_back(text[i]);
      if (space_before) tmp.push_back(U' ');
      tmp.push_back(U'\'');
      if (space_after) tmp.push_back(U' ');
      tmp.push_back(text[i + 2]);
      i += 3;
    } else {
      tmp.push_back(text[i++]);
    }
  }
  text.swap(tmp);
}

bool needs_escape(char32_t c) {
  return c == U'&' || c == U'|' || c == U'<' || c == U'>' || c == U'\'' || c == U'"' || c == U'[' || c == U']';
}

bool contains_alpha(const char32_t* begin, const char32_t* end) {
  return std::any_of(begin, end, [](char32_t c) { return is_alpha(c); });
}

}  // namespace

Tokenizer::Tokenizer(TokenizerOptions options)
    : options_(std::move(options)),
      prefixes_(&NonbreakingPrefixes::for_language(options_.language, options_.version)) {
  const std::string& l = options_.language;
  const bool current = options_.version == MosesVersion::kCurrent;
  if (current && (l == "fi" || l == "sv")) special_ = SpecialChars::kColonInWords;
  if (current && l == "ca") special_ = SpecialChars::kMiddotInWords;
  if (current && l == "tdt") special_ = SpecialChars::kApostropheInWords;
  if (l == "en") {
    apostrophes_ = Apostrophes::kEnglish;
  } else if (l == "fr" || l == "it" || l == "ga" || (current && l == "ca")) {
    apostrophes_ = Apostrophes::kRomance;
  } else if (current && (l == "so" || l == "tdt")) {
    apostrophes_ = Apostrophes::kGlottal;
  }
}

std::string Tokenizer::tokenize(std::string_view line) const {
  std::string out;
  tokenize(line, out);
  return out;
}

void Tokenizer::tokenize(std::string_view line, std::string& out) const {
  out.clear();
  if (is_blank_line(line)) {
    out.assign(line);
    return;
  }
  thread_local Text a, b;
  clean(line, a);

  switch (special_) {
    case SpecialChars::kDefault:
    case SpecialChars::kApostropheInWords: pad_special_characters(a, b, 0); break;
    case SpecialChars::kColonInWords: pad_special_characters(a, b, U':'); break;
    case SpecialChars::kMiddotInWords: pad_special_characters(a, b, U'\u00B7'); break;
  }
  a.swap(b);
  if (special_ == SpecialChars::kColonInWords) pad_unless_lowercase_follows(a, b, U":"), a.swap(b);
  // The same script's (·) is the two characters U+00C2 U+00B7 (its UTF-8
  // bytes read as Latin-1), so a lone middle dot always stays in the word.
  if (special_ == SpecialChars::kMiddotInWords) pad_unless_lowercase_follows(a, b, U"\u00C2\u00B7"), a.swap(b);
  if (special_ == SpecialChars::kApostropheInWords) pad_unless_lowercase_follows(a, b, U"'"), a.swap(b);

  // Each pass below copies the line: skip those with nothing to do.
  if (options_.aggressive && a.find(U'-') != Text::npos) split_hyphens(a, b), a.swap(b);
  if (a.find(U"..") != Text::npos) hide_dot_runs(a, b), a.swap(b);
  if (a.find(U',') != Text::npos) split_commas(a, b);

  using enum Side;
  switch (a.find(U'\'') == Text::npos ? Apostrophes::kNone : apostrophes_) {
    case Apostrophes::kNone: break;
    case Apostrophes::kEnglish:  // contractions split to the right: "it 's"
      split_apostrophes(a, b, kNotAlpha, kNotAlpha, true, true);
      split_apostrophes(a, b, kNeitherAlphaNorNumber, kAlpha, true, true);
      split_apostrophes(a, b, kAlpha, kNotAlpha, true, true);
      split_apostrophes(a, b, kAlpha, kAlpha, true, false);
      split_apostrophes(a, b, kNumber, kLetterS, true, false);  // "1990 's"
      break;
    case Apostrophes::kRomance:  // contractions split to the left: "l' homme"
      split_apostrophes(a, b, kNotAlpha, kNotAlpha, true, true);
      split_apostrophes(a, b, kNotAlpha, kAlpha, true, true);
      split_apostrophes(a, b, kAlpha, kNotAlpha, true, true);
      split_apostrophes(a, b, kAlpha, kAlpha, false, true);
      break;
    case Apostrophes::kGlottal:  // between letters the apostrophe stays
      split_apostrophes(a, b, kNotAlpha, kNotAlpha, true, true);
      split_apostrophes(a, b, kNotAlpha, kAlpha, true, true);
      split_apostrophes(a, b, kAlpha, kNotAlpha, true, true);
      break;
    case Apostrophes::kSplitAll:
      b.clear();
      for (const char32_t c : a) {
        if (c == U'\'') {
          pad(b, c);
        } else {
          b.push_back(c);
        }
      }
      a.swap(b);
      break;
  }

  // The word loop: a word ending in a period keeps it when the rest has a
  // period and a letter ("U.S."), is a nonbreaking prefix, or the next word
  // starts in lower case; a numeric-only prefix keeps it before a digit.
  // Words are split on single spaces, so two spaces make an empty word
  // (which is neither lower-case nor a digit); trailing empty words do not
  // count (Perl's split).
  thread_local std::vector<std::pair<size_t, size_t>> words;  // [begin, end) in a
  words.clear();
  for (size_t begin = 0;;) {
    const size_t end = std::min(a.find(U' ', begin), a.size());
    words.emplace_back(begin, end);
    if (end == a.size()) break;
    begin = end + 1;
  }
  while (!words.empty() && words.back().first == words.back().second) words.pop_back();

  thread_local std::string key;
  b.clear();
  const bool last_word_splits = options_.version == MosesVersion::kCurrent;
  for (size_t i = 0; i < words.size(); ++i) {
    const auto [begin, end] = words[i];
    if (begin == end) continue;
    if (!b.empty()) b.push_back(U' ');
    const char32_t* w = a.data() + begin;
    const size_t len = end - begin;
    bool split = false;
    if (len >= 2 && w[len - 1] == U'.') {
      const char32_t* pre_end = w + len - 1;
      key.clear();
      for (const char32_t* p = w; p != pre_end; ++p) append_utf8(key, *p);
      const PrefixKind kind = prefixes_->lookup(key);
      const bool has_next = i + 1 < words.size();
      const char32_t next = has_next && words[i + 1].first < words[i + 1].second ? a[words[i + 1].first] : 0;
      if (last_word_splits && !has_next) {
        split = true;
      } else if ((std::find(w, pre_end, U'.') != pre_end && contains_alpha(w, pre_end)) ||
                 kind == PrefixKind::kAlways || (next && is_lower(next))) {
        split = false;
      } else if (kind == PrefixKind::kNumericOnly && next >= U'0' && next <= U'9') {
        split = false;
      } else {
        split = true;
      }
    }
    if (split) {
      b.append(w, len - 1);
      b.append(U" .");
    } else {
      b.append(w, len);
    }
  }

  // s/\.\' ?$/ . ' /: a final ".'" is split, leaving a trailing space.
  const size_t n = b.size();
  if (n >= 2 && b[n - 2] == U'.' && b[n - 1] == U'\'') {
    b.resize(n - 2);
    b.append(U" . ' ");
  }

  for (const char32_t c : b) {
    if (is_dot_run(c)) {
      out.append(c - kDotRun, '.');
      continue;
    }
    if (c < 0x80 && !(options_.escape && needs_escape(c))) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (options_.escape) {
      switch (c) {
        case U'&': out += "&amp;"; continue;
        case U'|': out += "&#124;"; continue;
        case U'<': out += "&lt;"; continue;
        case U'>': out += "&gt;"; continue;
        case U'\'': out += "&apos;"; continue;
        case U'"': out += "&quot;"; continue;
        case U'[': out += "&#91;"; continue;
        case U']': out += "&#93;"; continue;
        default: break;
      }
    }
    append_utf8(out, c);
  }
}

}  // namespace ventris::text::moses
