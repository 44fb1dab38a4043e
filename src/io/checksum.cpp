#include "io/checksum.h"

#include <cstring>

#include <fmt/format.h>

namespace ventris::io {

namespace {
constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ull, kPrime2 = 0xC2B2AE3D27D4EB4Full;
inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t load64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian on any host
  return v;
}
inline uint64_t round(uint64_t acc, uint64_t input) { return rotl(acc + input * kPrime2, 31) * kPrime1; }
}  // namespace

void Checksum::mix_block(const uint8_t* block) {
  for (int lane = 0; lane < 4; ++lane) state_[lane] = round(state_[lane], load64(block + 8 * lane));
}

void Checksum::update(const void* data, size_t bytes) {
  const uint8_t* p = static_cast<const uint8_t*>(data);
  total_bytes_ += bytes;
  if (pending_bytes_ > 0) {
    size_t take = std::min(bytes, 32 - pending_bytes_);
    std::memcpy(pending_ + pending_bytes_, p, take);
    pending_bytes_ += take;
    p += take;
    bytes -= take;
    if (pending_bytes_ < 32) return;
    mix_block(pending_);
    pending_bytes_ = 0;
  }
  for (; bytes >= 32; bytes -= 32, p += 32) mix_block(p);
  std::memcpy(pending_, p, bytes);
  pending_bytes_ = bytes;
}

uint64_t Checksum::value() const {
  uint64_t h = rotl(state_[0], 1) + rotl(state_[1], 7) + rotl(state_[2], 12) + rotl(state_[3], 18);
  h ^= total_bytes_ * kPrime1;
  for (size_t i = 0; i < pending_bytes_; ++i) h = rotl(h ^ (pending_[i] * kPrime2), 11) * kPrime1;
  h ^= h >> 33;
  h *= kPrime2;
  h ^= h >> 29;
  return h;
}

std::string Checksum::hex() const { return fmt::format("{:016x}", value()); }

std::string checksum_hex(const void* data, size_t bytes) {
  Checksum c;
  c.update(data, bytes);
  return c.hex();
}

}  // namespace ventris::io
