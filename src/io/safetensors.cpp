#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "io/atomic_file.h"
#include "io/checksum.h"

namespace ventris::io {

namespace {

constexpr const char* kChecksumKey = kDataChecksumKey;
// Bounds a header's size so a corrupted length cannot make us allocate gigabytes.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

void put_u64_le(uint64_t v, char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint64_t get_u64_le(const unsigned char* in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

struct Header {
  nlohmann::json json;
  uint64_t header_bytes = 0;
  uint64_t file_bytes = 0;
};

Header read_header(std::ifstream& in, const std::string& path) {
  Header h;
  h.file_bytes = std::filesystem::file_size(path);
  VENTRIS_CHECK(h.file_bytes >= 8, "{}: not a safetensors file (only {} bytes)", path, h.file_bytes);
  unsigned char len[8];
  in.read(reinterpret_cast<char*>(len), 8);
  h.header_bytes = get_u64_le(len);
  VENTRIS_CHECK(h.header_bytes <= kMaxHeaderBytes && 8 + h.header_bytes <= h.file_bytes,
                "{}: truncated or not a safetensors file (header length {} in a {}-byte file)", path, h.header_bytes,
                h.file_bytes);
  std::string text(h.header_bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(h.header_bytes));
  try {
    h.json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: corrupt safetensors header: {}", path, e.what()));
  }
  VENTRIS_CHECK(h.json.is_object(), "{}: corrupt safetensors header (not a JSON object)", path);
  return h;
}

Metadata metadata_of(const nlohmann::json& header, const std::string& path) {
  Metadata m;
  if (!header.contains("__metadata__")) return m;
  const auto& meta = header["__metadata__"];
  VENTRIS_CHECK(meta.is_object(), "{}: __metadata__ must be an object of strings", path);
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    VENTRIS_CHECK(it.value().is_string(), "{}: metadata '{}' is not a string", path, it.key());
    m[it.key()] = it.value().get<std::string>();
  }
  return m;
}

}  // namespace

const Tensor& TensorFile::at(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return t;
  throw Error(fmt::format("{}: no tensor named '{}'", path, name));
}

bool TensorFile::contains(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return true;
  return false;
}

std::string write_safetensors(const std::string& path, const NamedTensors& tensors, const Metadata& metadata) {
  nlohmann::json header = nlohmann::json::object();
  std::set<std::string> names;
  Checksum checksum;
  uint64_t offset = 0;
  std::vector<Tensor> host;
  for (const auto& [name, tensor] : tensors) {
    VENTRIS_CHECK(!name.empty() && name != "__metadata__", "{}: invalid tensor name '{}'", path, name);
    VENTRIS_CHECK(names.insert(name).second, "{}: duplicate tensor name '{}'", path, name);
    VENTRIS_CHECK(tensor.defined(), "{}: tensor '{}' is undefined", path, name);
    Tensor h = tensor.to(Device::cpu());
    const uint64_t bytes = h.nbytes();
    header[name] = {{"dtype", std::string(dtype_name(h.dtype()))},
                    {"shape", h.shape().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    checksum.update(h.raw_data(), bytes);
    offset += bytes;
    host.push_back(h);
  }
  nlohmann::json meta = nlohmann::json::object();
  for (const auto& [k, v] : metadata) meta[k] = v;
  meta[kChecksumKey] = checksum.hex();
  header["__metadata__"] = meta;
  std::string text = header.dump();
  // Pad the header with spaces to 8 bytes so the data is aligned (allowed by the format).
  text.append((8 - text.size() % 8) % 8, ' ');
  char len[8];
  put_u64_le(text.size(), len);
  AtomicFile out(path);
  out.write(len, 8);
  out.write(text);
  for (const Tensor& h : host) out.write(h.raw_data(), h.nbytes());
  out.commit();
  return checksum.hex();
}

Metadata read_safetensors_metadata(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  VENTRIS_CHECK(in.good(), "cannot open '{}'", path);
  return metadata_of(read_header(in, path).json, path);
}

TensorFile read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  VENTRIS_CHECK(in.good(), "cannot open '{}'", path);
  Header h = read_header(in, path);
  TensorFile file;
  file.path = path;
  file.metadata = metadata_of(h.json, path);
  const uint64_t data_start = 8 + h.header_bytes;
  const uint64_t data_bytes = h.file_bytes - data_start;

  struct Entry {
    std::string name;
    DType dtype;
    Shape shape;
    uint64_t begin, end;
  };
  std::vector<Entry> entries;
  for (auto it = h.json.begin(); it != h.json.end(); ++it) {
    if (it.key() == "__metadata__") continue;
    const auto& e = it.value();
    VENTRIS_CHECK(e.is_object() && e.contains("dtype") && e.contains("shape") && e.contains("data_offsets"),
                  "{}: tensor '{}' lacks dtype, shape or data_offsets", path, it.key());
    Entry entry{it.key(), dtype_from_name(e["dtype"].get<std::string>()),
                Shape(e["shape"].get<std::vector<int64_t>>()), e["data_offsets"][0].get<uint64_t>(),
                e["data_offsets"][1].get<uint64_t>()};
    VENTRIS_CHECK(entry.begin <= entry.end && entry.end <= data_bytes,
                  "{}: truncated: tensor '{}' needs bytes [{}, {}) of a {}-byte data section", path, entry.name,
                  entry.begin, entry.end, data_bytes);
    VENTRIS_CHECK(entry.end - entry.begin == static_cast<uint64_t>(entry.shape.numel()) * dtype_size(entry.dtype),
                  "{}: tensor '{}' has {} bytes for shape {} {}", path, entry.name, entry.end - entry.begin,
                  entry.shape.str(), dtype_name(entry.dtype));
    entries.push_back(entry);
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.begin < b.begin; });

  Checksum checksum;
  for (const Entry& e : entries) {
    Tensor t = Tensor::empty(e.shape, e.dtype);
    in.seekg(static_cast<std::streamoff>(data_start + e.begin));
    in.read(static_cast<char*>(t.raw_data()), static_cast<std::streamsize>(e.end - e.begin));
    VENTRIS_CHECK(in.good(), "{}: read error in tensor '{}'", path, e.name);
    checksum.update(t.raw_data(), t.nbytes());
    file.tensors.emplace_back(e.name, t);
  }
  if (auto it = file.metadata.find(kChecksumKey); it != file.metadata.end()) {
    VENTRIS_CHECK(it->second == checksum.hex(), "{}: corrupted: data checksum {} does not match the header's {}", path,
                  checksum.hex(), it->second);
  }
  return file;
}

}  // namespace ventris::io
