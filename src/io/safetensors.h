// Models and checkpoints on disk in the safetensors layout (design.md §6):
// 8-byte little-endian header length, a JSON header mapping each tensor name
// to {dtype, shape, data_offsets} plus a "__metadata__" map of strings, then
// the raw little-endian data. Readable by numpy/PyTorch users without Ventris.
// Ventris adds two metadata keys: "ventris.data_checksum" (detects truncated or
// corrupted files at load) and whatever the caller stores (model config,
// format version, vocabulary checksums).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace ventris::io {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;
using Metadata = std::map<std::string, std::string>;

// Metadata key of the data checksum every write_safetensors file carries.
inline constexpr const char* kDataChecksumKey = "ventris.data_checksum";

struct TensorFile {
  Metadata metadata;
  NamedTensors tensors;  // in file order (sorted by data offset)
  const Tensor& at(const std::string& name) const;  // throws Error naming the file and tensor
  bool contains(const std::string& name) const;
  std::string path;
};

// Writes atomically (temp file, fsync, rename). Names must be unique.
// Returns the data checksum stored in the metadata (kDataChecksumKey).
std::string write_safetensors(const std::string& path, const NamedTensors& tensors, const Metadata& metadata = {});

// Reads and validates: header JSON, dtypes, offsets within the file, and the
// data checksum when present. Every failure is one Error naming the file.
TensorFile read_safetensors(const std::string& path);

// Header only (cheap): metadata without reading tensor data.
Metadata read_safetensors_metadata(const std::string& path);

}  // namespace ventris::io
