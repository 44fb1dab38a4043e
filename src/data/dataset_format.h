// Binary parallel datasets: one file per split, memory-mapped for reading.
//
// Layout (little-endian):
//   header  (256 bytes): magic "VNTRSDS\0", u32 format version, u32 reserved,
//           u64 pairs, u64 source tokens, u64 target tokens, u64 index offset,
//           char[64] source vocabulary checksum, char[64] target checksum (NUL padded)
//   tokens  for each pair: its source ids then its target ids (i32), padded to 8 bytes
//   index   u64 token offsets, 2·pairs + 1 of them: pair i's source ids are
//           [index[2i], index[2i+1]) and its target ids [index[2i+1], index[2i+2])
// The writer streams: ids go straight to the file and offsets to a side file
// appended at the end, so memory does not grow with the corpus; it writes a
// temp file and renames it, so a failed run leaves nothing half-written.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ventris::data {

constexpr uint32_t kDatasetFormatVersion = 1;

struct DatasetHeader {
  uint64_t pairs = 0, src_tokens = 0, tgt_tokens = 0;
  std::string src_vocab_checksum, tgt_vocab_checksum;
};

class DatasetWriter {
 public:
  DatasetWriter(std::string path, std::string src_vocab_checksum, std::string tgt_vocab_checksum);
  ~DatasetWriter();  // without finish(): nothing is left behind
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  void add(std::span<const int32_t> src, std::span<const int32_t> tgt);
  // Appends the index, writes the header, fsyncs and renames into place.
  void finish();

 private:
  std::string path_, temp_path_, index_path_;
  std::FILE* out_ = nullptr;
  std::FILE* index_ = nullptr;
  DatasetHeader header_;
  uint64_t tokens_written_ = 0;
  bool finished_ = false;
};

class Dataset {
 public:
  // Maps the file and validates magic, version and sizes (errors name the file).
  explicit Dataset(const std::string& path);
  ~Dataset();
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  const DatasetHeader& header() const { return header_; }
  uint64_t size() const { return header_.pairs; }
  std::span<const int32_t> src(uint64_t i) const;
  std::span<const int32_t> tgt(uint64_t i) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  DatasetHeader header_;
  const unsigned char* map_ = nullptr;
  size_t map_bytes_ = 0;
  const int32_t* tokens_ = nullptr;
  const uint64_t* index_ = nullptr;
};

}  // namespace ventris::data
