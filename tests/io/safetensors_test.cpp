#include "io/safetensors.h"

#include <gtest/gtest.h>

#include "error_message.h"
#include <nlohmann/json.hpp>

#include <cstring>
#include <functional>

#include <filesystem>
#include <fstream>

#include "cli/run_binary.h"
#include "io/atomic_file.h"
#include "io/checksum.h"

namespace ventris::io {
namespace {

using test::ScopedTempDir;

using test::error_of;

NamedTensors sample() {
  return {{"encoder.layers.0.weight", Tensor::from_vector<float>({1, 2, 3, 4, 5, 6}, {2, 3})},
          {"ids", Tensor::from_vector<int64_t>({7, -8}, {2})},
          {"half", Tensor::from_vector<float>({0.5f, -2.f}, {2}).to(DType::BF16)},
          {"empty", Tensor::zeros({0, 4})}};
}

TEST(Safetensors, RoundTripTensorsAndMetadata) {
  ScopedTempDir tmp("ventris-st");
  write_safetensors(tmp / "m.safetensors", sample(), {{"format_version", "1"}, {"config", "model:\n  d: 4\n"}});
  TensorFile f = read_safetensors(tmp / "m.safetensors");
  EXPECT_EQ(f.metadata.at("format_version"), "1");
  EXPECT_EQ(f.metadata.at("config"), "model:\n  d: 4\n");
  ASSERT_EQ(f.tensors.size(), 4u);
  EXPECT_EQ(f.at("encoder.layers.0.weight").to_vector<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(f.at("encoder.layers.0.weight").shape(), (Shape{2, 3}));
  EXPECT_EQ(f.at("ids").to_vector<int64_t>(), (std::vector<int64_t>{7, -8}));
  EXPECT_EQ(f.at("half").dtype(), DType::BF16);
  EXPECT_EQ(f.at("half").to(DType::F32).to_vector<float>(), (std::vector<float>{0.5f, -2.f}));
  EXPECT_EQ(f.at("empty").shape(), (Shape{0, 4}));
  EXPECT_EQ(read_safetensors_metadata(tmp / "m.safetensors").at("format_version"), "1");
  EXPECT_NE(error_of([&] { f.at("missing"); }).find("missing"), std::string::npos);
}

TEST(Safetensors, HeaderIsStandardSafetensorsReadableByNumpy) {
  // Parse the file the way any safetensors reader does, independently of our reader.
  ScopedTempDir tmp("ventris-st");
  write_safetensors(tmp / "m.safetensors", {{"w", Tensor::from_vector<float>({1.5f, 2.5f}, {1, 2})}});
  std::string bytes = test::read_file(tmp / "m.safetensors");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ((8 + n) % 8, 0u);
  auto header = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_EQ(header["w"]["dtype"], "F32");
  EXPECT_EQ(header["w"]["shape"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(header["w"]["data_offsets"], nlohmann::json::array({0, 8}));
  float values[2];
  std::memcpy(values, bytes.data() + 8 + n, 8);
  EXPECT_EQ(values[0], 1.5f);
  EXPECT_EQ(values[1], 2.5f);
}

TEST(Safetensors, TruncatedCorruptedAndMissingFilesGiveOneLineErrors) {
  ScopedTempDir tmp("ventris-st");
  const std::string path = tmp / "m.safetensors";
  write_safetensors(path, sample());
  std::string bytes = test::read_file(path);

  test::write_file(tmp / "truncated", bytes.substr(0, bytes.size() - 5));
  std::string e1 = error_of([&] { read_safetensors(tmp / "truncated"); });
  EXPECT_NE(e1.find("truncated"), std::string::npos) << e1;
  EXPECT_NE(e1.find(tmp / "truncated"), std::string::npos) << e1;

  std::string flipped = bytes;
  flipped[bytes.size() - 30] ^= 0x40;  // inside the tensor data
  test::write_file(tmp / "corrupt", flipped);
  std::string e2 = error_of([&] { read_safetensors(tmp / "corrupt"); });
  EXPECT_NE(e2.find("corrupted"), std::string::npos) << e2;

  test::write_file(tmp / "tiny", "abc");
  EXPECT_NE(error_of([&] { read_safetensors(tmp / "tiny"); }).find("not a safetensors file"), std::string::npos);
  test::write_file(tmp / "garbage", std::string("\x10\0\0\0\0\0\0\0{not json}......", 26));
  EXPECT_NE(error_of([&] { read_safetensors(tmp / "garbage"); }).find("corrupt safetensors header"), std::string::npos);
  EXPECT_NE(error_of([&] { read_safetensors(tmp / "nope"); }).find("cannot open"), std::string::npos);
  for (auto& msg : {e1, e2}) EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

TEST(Safetensors, DuplicateNamesRejectedAndNothingWritten) {
  ScopedTempDir tmp("ventris-st");
  NamedTensors dup{{"a", Tensor::zeros({1})}, {"a", Tensor::zeros({1})}};
  EXPECT_THROW(write_safetensors(tmp / "m.safetensors", dup), Error);
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));  // no temp file left either
}

TEST(AtomicFile, UncommittedWriteLeavesTheOldFileUntouched) {
  ScopedTempDir tmp("ventris-st");
  write_file_atomically(tmp / "f", "old");
  {
    AtomicFile f(tmp / "f");
    f.write("new contents");
  }  // destroyed without commit (e.g. an exception)
  EXPECT_EQ(test::read_file(tmp / "f"), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1);
  write_file_atomically(tmp / "f", "new");
  EXPECT_EQ(test::read_file(tmp / "f"), "new");
}

TEST(Checksum, StreamingEqualsOneShotAndDetectsChanges) {
  std::string data(1000, 'x');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  Checksum streaming;
  streaming.update(data.data(), 13);
  streaming.update(data.data() + 13, 500);
  streaming.update(data.data() + 513, 487);
  EXPECT_EQ(streaming.hex(), checksum_hex(data.data(), data.size()));
  std::string changed = data;
  changed[999] ^= 1;
  EXPECT_NE(checksum_hex(changed.data(), changed.size()), checksum_hex(data.data(), data.size()));
  EXPECT_NE(checksum_hex(data.data(), 999), checksum_hex(data.data(), 1000));
  EXPECT_EQ(checksum_hex("", 0).size(), 16u);
}

}  // namespace
}  // namespace ventris::io
