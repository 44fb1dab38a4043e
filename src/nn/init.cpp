#include "nn/init.h"

#include <cmath>
#include <numbers>

#include "core/philox.h"

namespace ventris::nn {

uint64_t stream_for(const std::string& name) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

Tensor xavier_uniform(int64_t fan_out, int64_t fan_in, float gain, uint64_t seed, const std::string& name) {
  Tensor t = Tensor::empty({fan_out, fan_in});
  const double bound = gain * std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  const uint64_t stream = stream_for(name);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i)
    p[i] = static_cast<float>((2.0 * philox_uniform_at(seed, stream, static_cast<uint64_t>(i)) - 1.0) * bound);
  return t;
}

Tensor normal(const Shape& shape, float std, uint64_t seed, const std::string& name) {
  Tensor t = Tensor::empty(shape);
  const uint64_t stream = stream_for(name);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) {
    // Box-Muller from two uniforms; 1 - u keeps the log argument in (0, 1].
    const double u1 = 1.0 - philox_uniform_at(seed, stream, 2 * static_cast<uint64_t>(i));
    const double u2 = philox_uniform_at(seed, stream, 2 * static_cast<uint64_t>(i) + 1);
    p[i] = static_cast<float>(std * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2));
  }
  return t;
}

}  // namespace ventris::nn
