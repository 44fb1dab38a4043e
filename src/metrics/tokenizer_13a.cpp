#include "metrics/tokenizer_13a.h"

#include <array>
#include <cstring>
#include <initializer_list>

#include "metrics/python_text.h"

namespace ventris::metrics {

namespace {

// Rule 1's character class: [\{-\~\[-\` -\&\(-\+\:-\@\/]
constexpr std::array<bool, 256> make_spaced_punctuation() {
  std::array<bool, 256> t{};
  for (int c = 0x7B; c <= 0x7E; ++c) t[c] = true;  // { | } ~
  for (int c = 0x5B; c <= 0x60; ++c) t[c] = true;  // [ \ ] ^ _ `
  for (int c = 0x20; c <= 0x26; ++c) t[c] = true;  // space ! " # $ % &
  for (int c = 0x28; c <= 0x2B; ++c) t[c] = true;  // ( ) * +
  for (int c = 0x3A; c <= 0x40; ++c) t[c] = true;  // : ; < = > ? @
  t['/'] = true;
  return t;
}
constexpr std::array<bool, 256> kSpacedPunctuation = make_spaced_punctuation();

// ASCII whitespace as Python's str.split() sees it.
constexpr std::array<bool, 256> make_ascii_space() {
  std::array<bool, 256> t{};
  for (int c = 0x09; c <= 0x0D; ++c) t[c] = true;
  for (int c = 0x1C; c <= 0x20; ++c) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kAsciiSpace = make_ascii_space();

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_period_or_comma(char c) { return c == '.' || c == ','; }

// The rules run as a chain of streaming stages instead of one string pass
// each. A two-character re.sub rule is exactly a transducer holding one
// pending character: when the next character arrives, either the pair
// matches (emit the replacement, nothing pending) or the pending character
// goes out unchanged and the new one waits. Chaining the stages composes the
// passes exactly, without intermediate strings.

// Last stage: collapses ASCII whitespace runs into single spaces (the
// ' '.join(split()) of the tokenizer; other Unicode whitespace is handled
// afterwards, see apply_mteval_rules).
struct JoinStage {
  char* out;
  char* begin;
  bool space_pending = false;
  void push(char c) {
    if (kAsciiSpace[static_cast<unsigned char>(c)]) {
      space_pending = out != begin;
      return;
    }
    if (space_pending) {
      *out++ = ' ';
      space_pending = false;
    }
    *out++ = c;
  }
  void finish() {}
};

// Rule 4: ([0-9])(-) -> '\1 \2 '
template <class Next>
struct DashAfterDigit {
  Next& next;
  char pending = 0;
  bool has = false;
  void push(char c) {
    if (has && is_digit(pending) && c == '-') {
      next.push(pending);
      next.push(' ');
      next.push('-');
      next.push(' ');
      has = false;
      return;
    }
    if (has) next.push(pending);
    pending = c;
    has = true;
  }
  void finish() {
    if (has) next.push(pending);
    next.finish();
  }
};

// Rule 3: ([\.,])([^0-9]) -> ' \1 \2'
template <class Next>
struct PeriodBeforeNonDigit {
  Next& next;
  char pending = 0;
  bool has = false;
  void push(char c) {
    if (has && is_period_or_comma(pending) && !is_digit(c)) {
      next.push(' ');
      next.push(pending);
      next.push(' ');
      next.push(c);
      has = false;
      return;
    }
    if (has) next.push(pending);
    pending = c;
    has = true;
  }
  void finish() {
    if (has) next.push(pending);
    next.finish();
  }
};

// Rule 2: ([^0-9])([\.,]) -> '\1 \2 '
template <class Next>
struct PeriodAfterNonDigit {
  Next& next;
  char pending = 0;
  bool has = false;
  void push(char c) {
    if (has && !is_digit(pending) && is_period_or_comma(c)) {
      next.push(pending);
      next.push(' ');
      next.push(c);
      next.push(' ');
      has = false;
      return;
    }
    if (has) next.push(pending);
    pending = c;
    has = true;
  }
  void finish() {
    if (has) next.push(pending);
    next.finish();
  }
};

// Rule 1: spaces around ASCII punctuation other than ' , - .
template <class Next>
void push_rule1(Next& next, char c) {
  if (kSpacedPunctuation[static_cast<unsigned char>(c)]) {
    next.push(' ');
    next.push(c);
    next.push(' ');
  } else {
    next.push(c);
  }
}

// Bytes that can take part in a match of rules 2-4: . , - and digits. Every
// other byte (rule 1's output included) is "flowing": pushed after another
// flowing byte, it matches nothing, so rules 2-4 just delay it.
constexpr std::array<bool, 256> make_interacting() {
  std::array<bool, 256> t{};
  t['.'] = t[','] = t['-'] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kInteracting = make_interacting();

bool has_non_ascii_space(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3) && python_space_length(text, i)) return true;
  }
  return false;
}

// Runs `pieces` (concatenated) through the rules into `out`.
void run_rules(std::initializer_list<std::string_view> pieces, size_t total, std::string& out) {
  // Rule 1 at most triples a byte, and rules 2-4 only add spaces, which the
  // join stage collapses: the output has at most 2 bytes per input byte.
  out.resize(total * 2 + 8);
  JoinStage join{out.data(), out.data()};
  DashAfterDigit<JoinStage> rule4{join};
  PeriodBeforeNonDigit<DashAfterDigit<JoinStage>> rule3{rule4};
  PeriodAfterNonDigit<PeriodBeforeNonDigit<DashAfterDigit<JoinStage>>> rule2{rule3};
  for (std::string_view text : pieces) {
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      const bool delay_line = rule2.has && rule3.has && rule4.has && !kInteracting[static_cast<unsigned char>(rule2.pending)] &&
                              !kInteracting[static_cast<unsigned char>(rule3.pending)] &&
                              !kInteracting[static_cast<unsigned char>(rule4.pending)];
      if (kInteracting[c] || !delay_line) {
        push_rule1(rule2, static_cast<char>(c));
        ++i;
        continue;
      }
      // Fast path over a run of flowing bytes: rules 2-4 act as a delay line
      // of three bytes (rule4, rule3, rule2 pending, oldest first).
      char d0 = rule4.pending, d1 = rule3.pending, d2 = rule2.pending;
      auto emit = [&](char x) {
        join.push(d0);
        d0 = d1;
        d1 = d2;
        d2 = x;
      };
      for (; i < n && !kInteracting[static_cast<unsigned char>(text[i])]; ++i) {
        const char x = text[i];
        if (kSpacedPunctuation[static_cast<unsigned char>(x)]) {
          emit(' ');
          emit(x);
          emit(' ');
        } else {
          emit(x);
        }
      }
      rule4.pending = d0;
      rule3.pending = d1;
      rule2.pending = d2;
    }
  }
  rule2.finish();
  out.resize(static_cast<size_t>(join.out - out.data()));
  if (has_non_ascii_space(out)) {
    // Rare: NBSP, U+3000 and friends also separate tokens in Python.
    thread_local std::string tmp;
    python_split_join(out, tmp);
    out.swap(tmp);
  }
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  size_t pos = s.find(from);
  if (pos == std::string::npos) return;
  std::string result;
  result.reserve(s.size());
  size_t last = 0;
  for (; pos != std::string::npos; pos = s.find(from, last)) {
    result.append(s, last, pos - last);
    result.append(to);
    last = pos + from.size();
  }
  result.append(s, last, std::string::npos);
  s.swap(result);
}

}  // namespace

void apply_mteval_rules(std::string_view text, std::string& out) { run_rules({text}, text.size(), out); }

void tokenize_13a(std::string_view line, std::string& out) {
  // memchr is vectorised; these characters are rare.
  const bool needs_unescape = std::memchr(line.data(), '&', line.size()) || std::memchr(line.data(), '<', line.size()) ||
                              std::memchr(line.data(), '\n', line.size());
  if (!needs_unescape) {
    // sacreBLEU pads the line: " {} ".format(line).
    run_rules({" ", line, " "}, line.size() + 2, out);
    return;
  }
  thread_local std::string s;
  s.assign(line);
  replace_all(s, "<skipped>", "");
  replace_all(s, "-\n", "");
  replace_all(s, "\n", " ");
  replace_all(s, "&quot;", "\"");
  replace_all(s, "&amp;", "&");
  replace_all(s, "&lt;", "<");
  replace_all(s, "&gt;", ">");
  run_rules({" ", s, " "}, s.size() + 2, out);
}

}  // namespace ventris::metrics
