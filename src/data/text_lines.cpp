#include "data/text_lines.h"

#include <filesystem>

#include "core/error.h"
#include "core/logging.h"

namespace ventris::data {

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) len = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, min = 0x10000;
    else return i;
    if (i + len > n) return i;
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::string_view::npos;
}

int64_t count_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int64_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

ParallelReader::ParallelReader(std::string src_path, std::string tgt_path, bool skip_invalid)
    : src_path_(std::move(src_path)), tgt_path_(std::move(tgt_path)), skip_invalid_(skip_invalid) {
  for (const std::string* p : {&src_path_, &tgt_path_}) {
    VENTRIS_CHECK(std::filesystem::is_regular_file(*p), "input file '{}' does not exist", *p);
    VENTRIS_CHECK(std::filesystem::file_size(*p) > 0, "input file '{}' is empty", *p);
    total_bytes_ += std::filesystem::file_size(*p);
  }
  src_.open(src_path_, std::ios::binary);
  tgt_.open(tgt_path_, std::ios::binary);
  VENTRIS_CHECK(src_.good() && tgt_.good(), "cannot open '{}' or '{}'", src_path_, tgt_path_);
}

void ParallelReader::mismatch(bool src_ended) {
  (void)src_ended;
  throw Error(fmt::format("'{}' has {} lines but '{}' has {}: the files must be line-aligned", src_path_,
                          count_lines(src_path_), tgt_path_, count_lines(tgt_path_)));
}

bool ParallelReader::next(std::string& src, std::string& tgt) {
  const bool got_src = static_cast<bool>(std::getline(src_, src));
  const bool got_tgt = static_cast<bool>(std::getline(tgt_, tgt));
  if (!got_src && !got_tgt) return false;
  if (got_src != got_tgt) mismatch(!got_src);
  ++line_;
  bytes_read_ += src.size() + tgt.size() + 2;
  invalid_ = false;
  for (auto [text, path] : {std::pair{&src, &src_path_}, {&tgt, &tgt_path_}}) {
    if (!text->empty() && text->back() == '\r') text->pop_back();  // CRLF files
    const size_t bad = find_invalid_utf8(*text);
    if (bad == std::string_view::npos) continue;
    VENTRIS_CHECK(skip_invalid_, "{}:{}: invalid UTF-8 at byte {} (--skip-invalid skips such lines)", *path, line_,
                  bad + 1);
    if (!invalid_ && ++warnings_ <= 5) log::warn("data", "{}:{}: invalid UTF-8 at byte {}, skipped", *path, line_, bad + 1);
    invalid_ = true;
  }
  return true;
}

}  // namespace ventris::data
