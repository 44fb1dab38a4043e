#include "core/half.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ventris {
namespace {

struct HalfCase {
  float value;
  uint16_t f16, bf16;
};
// Expected bits from numpy (f16) and PyTorch (bf16) round-to-nearest-even.
const HalfCase kCases[] = {
#include "half_cases.inc"
};

TEST(Half, ConversionsMatchNumpyAndTorchBits) {
  for (const auto& c : kCases) {
    EXPECT_EQ(f32_to_f16_bits(c.value), c.f16) << c.value;
    EXPECT_EQ(f32_to_bf16_bits(c.value), c.bf16) << c.value;
  }
}

TEST(Half, EveryF16RoundTripsThroughF32) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    uint16_t h = static_cast<uint16_t>(bits);
    float f = f16_bits_to_f32(h);
    if (std::isnan(f)) {
      EXPECT_TRUE(std::isnan(f16_bits_to_f32(f32_to_f16_bits(f))));
      continue;
    }
    ASSERT_EQ(f32_to_f16_bits(f), h) << std::hex << bits;
  }
}

TEST(Half, Bf16NanAndInfinity) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(std::isnan(bf16_bits_to_f32(f32_to_bf16_bits(std::nanf("")))));
  EXPECT_EQ(bf16_bits_to_f32(f32_to_bf16_bits(inf)), inf);
  EXPECT_EQ(f16_bits_to_f32(f32_to_f16_bits(-inf)), -inf);
}

}  // namespace
}  // namespace ventris
