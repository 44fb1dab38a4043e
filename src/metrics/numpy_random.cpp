#include "metrics/numpy_random.h"

#include <array>

#include "core/error.h"

namespace ventris::metrics {

namespace {

// SeedSequence(seed).generate_state(4, uint64): numpy's entropy-pool hashing.
std::array<uint64_t, 4> seed_sequence_state(uint32_t seed) {
  constexpr uint32_t kInitA = 0x43b0d7e5, kMultA = 0x931e8875, kInitB = 0x8b51f9dd, kMultB = 0x58f38ded;
  constexpr uint32_t kMixMultL = 0xca01f9dd, kMixMultR = 0x4973f715;
  constexpr int kXShift = 16;
  uint32_t hash_const = kInitA;
  auto hashmix = [&](uint32_t value) {
    value ^= hash_const;
    hash_const *= kMultA;
    value *= hash_const;
    value ^= value >> kXShift;
    return value;
  };
  auto mix = [](uint32_t x, uint32_t y) {
    uint32_t result = kMixMultL * x - kMixMultR * y;
    result ^= result >> kXShift;
    return result;
  };
  std::array<uint32_t, 4> pool{};
  const std::array<uint32_t, 1> entropy{seed};
  for (size_t i = 0; i < pool.size(); ++i) pool[i] = hashmix(i < entropy.size() ? entropy[i] : 0);
  for (size_t src = 0; src < pool.size(); ++src)
    for (size_t dst = 0; dst < pool.size(); ++dst)
      if (src != dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));

  std::array<uint32_t, 8> words{};
  uint32_t hash_b = kInitB;
  for (size_t i = 0; i < words.size(); ++i) {
    uint32_t v = pool[i % pool.size()];
    v ^= hash_b;
    hash_b *= kMultB;
    v *= hash_b;
    v ^= v >> kXShift;
    words[i] = v;
  }
  std::array<uint64_t, 4> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = uint64_t(words[2 * i]) | (uint64_t(words[2 * i + 1]) << 32);
  return out;
}

constexpr unsigned __int128 kPcgMultiplier =
    (static_cast<unsigned __int128>(0x2360ED051FC65DA4ULL) << 64) | 0x4385DF649FCCF645ULL;

}  // namespace

NumpyPcg64::NumpyPcg64(uint32_t seed) {
  auto s = seed_sequence_state(seed);
  const unsigned __int128 initstate = (static_cast<unsigned __int128>(s[0]) << 64) | s[1];
  const unsigned __int128 initseq = (static_cast<unsigned __int128>(s[2]) << 64) | s[3];
  inc_ = (initseq << 1) | 1;
  state_ = 0;
  step();
  state_ += initstate;
  step();
}

void NumpyPcg64::step() { state_ = state_ * kPcgMultiplier + inc_; }

uint64_t NumpyPcg64::next64() {
  // PCG XSL-RR 128/64: step, then output from the new state.
  step();
  const uint64_t x = static_cast<uint64_t>(state_ >> 64) ^ static_cast<uint64_t>(state_);
  const unsigned rot = static_cast<unsigned>(state_ >> 122);
  return (x >> rot) | (x << ((64 - rot) & 63));
}

uint32_t NumpyPcg64::next32() {
  if (has_uint32_) {
    has_uint32_ = false;
    return uinteger_;
  }
  const uint64_t next = next64();
  has_uint32_ = true;
  uinteger_ = static_cast<uint32_t>(next >> 32);
  return static_cast<uint32_t>(next);
}

uint32_t NumpyPcg64::below(uint64_t n) {
  VENTRIS_CHECK(n >= 1 && n <= (uint64_t(1) << 32), "below({}) needs 1 <= n <= 2^32", n);
  const uint64_t rng = n - 1;  // numpy works on the closed range [0, rng]
  if (rng == 0) return 0;      // no draw at all
  if (rng == 0xFFFFFFFFULL) return next32();
  const uint64_t rng_excl = rng + 1;
  uint64_t m = uint64_t(next32()) * rng_excl;
  uint32_t leftover = static_cast<uint32_t>(m);
  if (leftover < rng_excl) {
    const uint32_t threshold = static_cast<uint32_t>((0xFFFFFFFFULL - rng) % rng_excl);
    while (leftover < threshold) {
      m = uint64_t(next32()) * rng_excl;
      leftover = static_cast<uint32_t>(m);
    }
  }
  return static_cast<uint32_t>(m >> 32);
}

std::vector<uint32_t> numpy_choice_rows(uint32_t seed, uint32_t n, int rows) {
  NumpyPcg64 rng(seed);
  std::vector<uint32_t> out(static_cast<size_t>(rows) * n);
  for (uint32_t& v : out) v = rng.below(n);
  return out;
}

namespace {

double pairwise_sum(const double* a, size_t n) {
  constexpr size_t kBlock = 128;
  if (n < 8) {
    double res = 0.;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= kBlock) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i;
    for (i = 8; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

}  // namespace

double numpy_mean(const std::vector<double>& values) {
  if (values.empty()) return 0.0;
  return pairwise_sum(values.data(), values.size()) / static_cast<double>(values.size());
}

}  // namespace ventris::metrics
