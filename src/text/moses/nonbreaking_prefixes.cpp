#include "text/moses/nonbreaking_prefixes.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "text/utf8.h"
#include "text/moses/char_classes.h"

namespace ventris::text::moses {

namespace {

constexpr std::string_view kNumericMarker = "#NUMERIC_ONLY#";

// Byte length of the whitespace character that ends text[0, end), 0 if none.
size_t whitespace_before(std::string_view text, size_t end) {
  if (end == 0) return 0;
  size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  size_t pos = start;
  const char32_t c = decode_utf8(text, pos);
  return pos == end && is_space(c) ? end - start : 0;
}

std::string_view find_file(std::string_view language) {
  for (const auto& file : detail::embedded_prefix_files())
    if (file.language == language) return file.text;
  return {};
}

}  // namespace

NonbreakingPrefixes::NonbreakingPrefixes(std::string_view file_text) {
  size_t pos = 0;
  while (pos < file_text.size()) {
    size_t end = file_text.find('\n', pos);
    if (end == std::string_view::npos) end = file_text.size();
    const std::string_view item = file_text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty() || item == "0" || item.front() == '#') continue;
    // Perl's /(.*)[\s]+(#NUMERIC_ONLY#)/: the greedy (.*) ends one whitespace
    // character before the last marker that has whitespace in front of it.
    PrefixKind kind = PrefixKind::kAlways;
    std::string_view key = item;
    for (size_t m = item.rfind(kNumericMarker); m != std::string_view::npos;
         m = m == 0 ? std::string_view::npos : item.rfind(kNumericMarker, m - 1)) {
      if (size_t ws = whitespace_before(item, m)) {
        kind = PrefixKind::kNumericOnly;
        key = item.substr(0, m - ws);
        break;
      }
    }
    entries_[std::string(key)] = kind;
  }
}

PrefixKind NonbreakingPrefixes::lookup(std::string_view word) const {
  auto it = entries_.find(word);
  return it == entries_.end() ? PrefixKind::kNone : it->second;
}

const NonbreakingPrefixes& NonbreakingPrefixes::for_language(std::string_view language, MosesVersion version) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, MosesVersion>, std::unique_ptr<NonbreakingPrefixes>> cache;
  const std::string_view listed = has_prefix_list(language) ? language : std::string_view("en");
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[{std::string(listed), version}];
  if (!slot) {
    slot = std::make_unique<NonbreakingPrefixes>(find_file(listed));
    // "Rs" (rupees) joined the English list on 2019-11-05 (Moses 4da86c3).
    if (version == MosesVersion::k2017 && listed == "en") slot->entries_.erase("Rs");
  }
  return *slot;
}

bool has_prefix_list(std::string_view language) { return !find_file(language).empty(); }

std::vector<std::string_view> prefix_list_languages() {
  std::vector<std::string_view> languages;
  for (const auto& file : detail::embedded_prefix_files()) languages.push_back(file.language);
  std::sort(languages.begin(), languages.end());
  return languages;
}

}  // namespace ventris::text::moses
