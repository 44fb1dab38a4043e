#include "metrics/tokenizer_intl.h"

#include <vector>

#include "metrics/python_text.h"
#include "metrics/unicode_categories.h"
#include "text/utf8.h"

namespace ventris::metrics {

using text::append_utf8;
using text::decode_utf8;

namespace {

// A code point with its class; inserted spaces have class kOtherClass.
struct Char {
  char32_t cp;
  UnicodeClass cls;
};

constexpr Char kSpace{U' ', kOtherClass};

bool is_punct(const Char& c) { return c.cls == kPunctuation; }
bool is_not_number(const Char& c) { return c.cls != kNumber; }

}  // namespace

void tokenize_intl(std::string_view line, std::string& out) {
  thread_local std::vector<Char> a, b;
  thread_local std::string text;
  a.clear();
  bool any_punct = false, any_symbol = false;
  for (size_t pos = 0; pos < line.size();) {
    char32_t cp = decode_utf8(line, pos);
    Char c{cp, unicode_class(cp)};
    any_punct |= c.cls == kPunctuation;
    any_symbol |= c.cls == kSymbol;
    a.push_back(c);
  }
  if (any_punct) {
    // Rule 1: (\P{N})(\p{P}) -> '\1 \2 '
    b.clear();
    for (size_t i = 0, n = a.size(); i < n;) {
      if (i + 1 < n && is_not_number(a[i]) && is_punct(a[i + 1])) {
        b.insert(b.end(), {a[i], kSpace, a[i + 1], kSpace});
        i += 2;
      } else {
        b.push_back(a[i++]);
      }
    }
    // Rule 2: (\p{P})(\P{N}) -> ' \1 \2'
    a.clear();
    for (size_t i = 0, n = b.size(); i < n;) {
      if (i + 1 < n && is_punct(b[i]) && is_not_number(b[i + 1])) {
        a.insert(a.end(), {kSpace, b[i], kSpace, b[i + 1]});
        i += 2;
      } else {
        a.push_back(b[i++]);
      }
    }
  }
  text.clear();
  for (const Char& c : a) {
    // Rule 3: (\p{S}) -> ' \1 '
    if (any_symbol && c.cls == kSymbol) {
      text.push_back(' ');
      append_utf8(text, c.cp);
      text.push_back(' ');
    } else {
      append_utf8(text, c.cp);
    }
  }
  python_split_join(text, out);
}

}  // namespace ventris::metrics
