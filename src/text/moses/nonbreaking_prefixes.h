// Moses' nonbreaking prefixes: words after which a period is part of the
// word ("Mr.", "z.B.") rather than a sentence end, so the tokenizer leaves it
// attached. The lists are data from Moses (src/text/moses/data/README.md),
// compiled into the binary at build time (src/CMakeLists.txt).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/moses/moses_version.h"

namespace ventris::text::moses {

enum class PrefixKind : uint8_t {
  kNone = 0,
  kAlways = 1,       // the period stays attached
  kNumericOnly = 2,  // only before a number ("No. 5", "Art. 3"): listed with #NUMERIC_ONLY#
};

class NonbreakingPrefixes {
 public:
  // Parses a prefix file as Moses' tokenizer.perl reads it: one entry per
  // line, the line taken verbatim (trailing spaces included, so such entries
  // never match, as in Moses); lines that are empty, "0" or start with '#'
  // are skipped; "X<whitespace>#NUMERIC_ONLY#..." makes X (everything before
  // the last whitespace run ahead of the marker) numeric-only; a later entry
  // replaces an earlier one.
  explicit NonbreakingPrefixes(std::string_view file_text);

  // The list for `language` (ISO 639-1 code as Moses spells it: en, de, fr,
  // ...). A language without a list gets the English one, as in Moses.
  // Built once per language and version; thread-safe.
  static const NonbreakingPrefixes& for_language(std::string_view language, MosesVersion version);

  PrefixKind lookup(std::string_view word) const;  // `word` without its final period
  size_t size() const { return entries_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, PrefixKind, Hash, std::equal_to<>> entries_;
};

// Whether Moses ships a prefix list for `language` (the others fall back to English).
bool has_prefix_list(std::string_view language);

// The languages with a prefix list, sorted.
std::vector<std::string_view> prefix_list_languages();

namespace detail {
// The embedded files (generated from src/text/moses/data at build time).
struct EmbeddedPrefixFile {
  std::string_view language;
  std::string_view text;
};
const std::vector<EmbeddedPrefixFile>& embedded_prefix_files();
}  // namespace detail

}  // namespace ventris::text::moses
