#include "data/dataset_format.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace ventris::data {

namespace {

constexpr char kMagic[8] = {'V', 'N', 'T', 'R', 'S', 'D', 'S', '\0'};
constexpr size_t kHeaderBytes = 256;
constexpr size_t kChecksumBytes = 64;

// The index starts 8-byte aligned: the token section is padded to a multiple of 8 bytes.
uint64_t index_offset_for(uint64_t tokens) { return kHeaderBytes + (tokens * sizeof(int32_t) + 7) / 8 * 8; }

struct RawHeader {
  char magic[8];
  uint32_t version;
  uint32_t reserved;
  uint64_t pairs, src_tokens, tgt_tokens, index_offset;
  char src_checksum[kChecksumBytes];
  char tgt_checksum[kChecksumBytes];
};
static_assert(sizeof(RawHeader) <= kHeaderBytes);

void write_all(std::FILE* f, const void* data, size_t bytes, const std::string& path) {
  VENTRIS_CHECK(std::fwrite(data, 1, bytes, f) == bytes, "cannot write '{}': {}", path, std::strerror(errno));
}

void copy_checksum(char* dst, const std::string& src, const std::string& path) {
  VENTRIS_CHECK(src.size() < kChecksumBytes, "{}: vocabulary checksum longer than {} bytes", path, kChecksumBytes - 1);
  std::memset(dst, 0, kChecksumBytes);
  std::memcpy(dst, src.data(), src.size());
}

}  // namespace

DatasetWriter::DatasetWriter(std::string path, std::string src_checksum, std::string tgt_checksum)
    : path_(std::move(path)) {
  header_.src_vocab_checksum = std::move(src_checksum);
  header_.tgt_vocab_checksum = std::move(tgt_checksum);
  temp_path_ = path_ + ".tmp";
  index_path_ = path_ + ".index.tmp";
  out_ = std::fopen(temp_path_.c_str(), "wb");
  VENTRIS_CHECK(out_ != nullptr, "cannot create '{}': {}", temp_path_, std::strerror(errno));
  index_ = std::fopen(index_path_.c_str(), "w+b");
  VENTRIS_CHECK(index_ != nullptr, "cannot create '{}': {}", index_path_, std::strerror(errno));
  const char zeros[kHeaderBytes] = {};
  write_all(out_, zeros, kHeaderBytes, temp_path_);  // patched by finish()
  const uint64_t zero = 0;
  write_all(index_, &zero, sizeof zero, index_path_);
}

DatasetWriter::~DatasetWriter() {
  if (out_) std::fclose(out_);
  if (index_) std::fclose(index_);
  std::remove(index_path_.c_str());
  if (!finished_) std::remove(temp_path_.c_str());
}

void DatasetWriter::add(std::span<const int32_t> src, std::span<const int32_t> tgt) {
  VENTRIS_CHECK(!finished_, "{}: add() after finish()", path_);
  write_all(out_, src.data(), src.size_bytes(), temp_path_);
  write_all(out_, tgt.data(), tgt.size_bytes(), temp_path_);
  const uint64_t after_src = tokens_written_ + src.size(), after_tgt = after_src + tgt.size();
  write_all(index_, &after_src, sizeof after_src, index_path_);
  write_all(index_, &after_tgt, sizeof after_tgt, index_path_);
  tokens_written_ = after_tgt;
  ++header_.pairs;
  header_.src_tokens += src.size();
  header_.tgt_tokens += tgt.size();
}

void DatasetWriter::finish() {
  VENTRIS_CHECK(!finished_, "{}: finish() called twice", path_);
  const uint64_t index_offset = index_offset_for(tokens_written_);
  const char padding[8] = {};
  write_all(out_, padding, index_offset - kHeaderBytes - tokens_written_ * sizeof(int32_t), temp_path_);
  // Append the index (streamed through a fixed buffer).
  std::fflush(index_);
  std::rewind(index_);
  char buffer[1 << 16];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, index_)) > 0;) write_all(out_, buffer, n, temp_path_);
  RawHeader raw{};
  std::memcpy(raw.magic, kMagic, sizeof kMagic);
  raw.version = kDatasetFormatVersion;
  raw.pairs = header_.pairs;
  raw.src_tokens = header_.src_tokens;
  raw.tgt_tokens = header_.tgt_tokens;
  raw.index_offset = index_offset;
  copy_checksum(raw.src_checksum, header_.src_vocab_checksum, path_);
  copy_checksum(raw.tgt_checksum, header_.tgt_vocab_checksum, path_);
  VENTRIS_CHECK(std::fseek(out_, 0, SEEK_SET) == 0, "cannot seek in '{}'", temp_path_);
  write_all(out_, &raw, sizeof raw, temp_path_);
  VENTRIS_CHECK(std::fflush(out_) == 0 && ::fsync(::fileno(out_)) == 0, "cannot flush '{}': {}", temp_path_,
                std::strerror(errno));
  std::fclose(out_);
  out_ = nullptr;
  VENTRIS_CHECK(std::rename(temp_path_.c_str(), path_.c_str()) == 0, "cannot rename '{}' to '{}': {}", temp_path_,
                path_, std::strerror(errno));
  finished_ = true;
}

Dataset::Dataset(const std::string& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  VENTRIS_CHECK(fd >= 0, "cannot open dataset '{}': {}", path, std::strerror(errno));
  struct stat st {};
  ::fstat(fd, &st);
  map_bytes_ = static_cast<size_t>(st.st_size);
  if (map_bytes_ < kHeaderBytes) {
    ::close(fd);
    throw Error(fmt::format("{}: not a ventris dataset (only {} bytes)", path, map_bytes_));
  }
  void* m = ::mmap(nullptr, map_bytes_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  VENTRIS_CHECK(m != MAP_FAILED, "cannot map '{}': {}", path, std::strerror(errno));
  map_ = static_cast<const unsigned char*>(m);
  RawHeader raw;
  std::memcpy(&raw, map_, sizeof raw);
  VENTRIS_CHECK(std::memcmp(raw.magic, kMagic, sizeof kMagic) == 0, "{}: not a ventris dataset (bad magic)", path);
  VENTRIS_CHECK(raw.version == kDatasetFormatVersion,
                "{}: dataset format version {} is not supported by this build (version {}); rerun ventris preprocess",
                path, raw.version, kDatasetFormatVersion);
  const uint64_t tokens = raw.src_tokens + raw.tgt_tokens;
  const uint64_t expected = index_offset_for(tokens) + (2 * raw.pairs + 1) * sizeof(uint64_t);
  VENTRIS_CHECK(raw.index_offset == index_offset_for(tokens) && expected == map_bytes_,
                "{}: truncated or corrupt dataset ({} bytes, header implies {})", path, map_bytes_, expected);
  header_ = {raw.pairs, raw.src_tokens, raw.tgt_tokens,
             std::string(raw.src_checksum, strnlen(raw.src_checksum, kChecksumBytes)),
             std::string(raw.tgt_checksum, strnlen(raw.tgt_checksum, kChecksumBytes))};
  tokens_ = reinterpret_cast<const int32_t*>(map_ + kHeaderBytes);
  index_ = reinterpret_cast<const uint64_t*>(map_ + raw.index_offset);
  VENTRIS_CHECK(index_[2 * raw.pairs] == tokens, "{}: corrupt index (last offset {}, {} tokens)", path,
                index_[2 * raw.pairs], tokens);
}

Dataset::~Dataset() {
  if (map_) ::munmap(const_cast<unsigned char*>(map_), map_bytes_);
}

std::span<const int32_t> Dataset::src(uint64_t i) const {
  VENTRIS_CHECK(i < header_.pairs, "{}: pair {} out of range ({} pairs)", path_, i, header_.pairs);
  return {tokens_ + index_[2 * i], tokens_ + index_[2 * i + 1]};
}

std::span<const int32_t> Dataset::tgt(uint64_t i) const {
  VENTRIS_CHECK(i < header_.pairs, "{}: pair {} out of range ({} pairs)", path_, i, header_.pairs);
  return {tokens_ + index_[2 * i + 1], tokens_ + index_[2 * i + 2]};
}

}  // namespace ventris::data
