// The Lite convolution's two CPU forward paths (src/ops/cpu/lite_conv_paths.h)
// side by side on the recipes' shapes: ms per call of each, GFLOP/s (2 flops
// per multiply-add of the direct formula, B * T * C * K), and the path the
// rule picks. Batches of 4096 tokens (128 x 32 and 16 x 256: T >> K) and one sentence of
// 30 tokens (translation's encoder). Run through scripts/bench/lite_conv.
//
// `bench_lite_conv gpu` (a CUDA build; scripts/bench/gpu runs it) compares
// the lightweight convolution's custom CUDA kernel with its cuDNN path
// (runtime/cudnn_conv.h) on cuda:0, ms per forward call of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/cuda_api.h"
#include "core/gemm.h"
#include "core/tensor.h"
#include "core/threads.h"
#include "ops/cpu/lite_conv_paths.h"
#include "ops/lite_conv.h"
#if VENTRIS_WITH_CUDA
#include "runtime/cudnn_conv.h"
#endif

namespace {

using ventris::math::LiteConvShape;
using Path = void (*)(const float*, const float*, float*, const LiteConvShape&);

std::vector<float> random_vector(int64_t n, float lo, float hi) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// Median ms of repeated calls (at least 5, about 0.3 s in all).
double time_ms(Path path, const std::vector<float>& u, const std::vector<float>& w, std::vector<float>& y,
               const LiteConvShape& s) {
  using clock = std::chrono::steady_clock;
  path(u.data(), w.data(), y.data(), s);  // warm-up (buffers, caches)
  std::vector<double> ms;
  const auto start = clock::now();
  while (ms.size() < 5 || (std::chrono::duration<double>(clock::now() - start).count() < 0.3 && ms.size() < 1000)) {
    const auto t0 = clock::now();
    path(u.data(), w.data(), y.data(), s);
    ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

#if VENTRIS_WITH_CUDA
// Median ms of a lightweight convolution on the device (each call waited for).
double gpu_ms(const ventris::Tensor& u, const ventris::Tensor& w, int64_t pad) {
  using clock = std::chrono::steady_clock;
  float probe = 0.f;
  auto call = [&] {
    const ventris::Tensor y = ventris::ops::lightweight_conv(u, w, pad);
    ventris::cuda::copy_device_to_host(0, &probe, y.data<float>(), sizeof probe);  // waits for the kernel
  };
  call();
  std::vector<double> ms;
  const auto start = clock::now();
  while (ms.size() < 5 || (std::chrono::duration<double>(clock::now() - start).count() < 0.3 && ms.size() < 1000)) {
    const auto t0 = clock::now();
    call();
    ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

int compare_gpu_paths() {
  std::string why;
  if (ventris::cuda::list_devices(&why).empty()) {
    std::printf("skipped: no CUDA device (%s)\n", why.c_str());
    return 0;
  }
  const ventris::Device gpu = ventris::Device::cuda(0);
  std::printf("%4s %4s %4s %4s %4s %9s %9s  %s\n", "C", "K", "P", "B", "T", "kernel", "cuDNN", "faster");
  for (int64_t C : {80, 248})
    for (int64_t K : {3, 7, 15, 31, 63})
      for (int64_t P : {K / 2, K - 1})
        for (auto [B, T] : {std::pair<int64_t, int64_t>{128, 32}, {16, 256}}) {
          const auto u = ventris::Tensor::from_vector(random_vector(B * T * C, -1.f, 1.f), {B, T, C}).to(gpu);
          const auto w = ventris::Tensor::from_vector(random_vector(4 * K, 0.f, 2.f / K), {4, K}).to(gpu);
          ventris::cuda::set_lite_conv_uses_cudnn(false);
          const double kernel = gpu_ms(u, w, P);
          ventris::cuda::set_lite_conv_uses_cudnn(true);
          const double cudnn = gpu_ms(u, w, P);
          ventris::cuda::set_lite_conv_uses_cudnn(false);
          std::printf("%4lld %4lld %4lld %4lld %4lld %9.4f %9.4f  %s\n", static_cast<long long>(C),
                      static_cast<long long>(K), static_cast<long long>(P), static_cast<long long>(B),
                      static_cast<long long>(T), kernel, cudnn, kernel <= cudnn ? "kernel" : "cuDNN");
        }
  return 0;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "gpu") {
#if VENTRIS_WITH_CUDA
    return compare_gpu_paths();
#else
    std::printf("skipped: this build has no CUDA backend\n");
    return 0;
#endif
  }
  const char* threads = std::getenv("VENTRIS_THREADS");
  ventris::set_num_threads(threads ? std::atoi(threads) : 2);
  std::printf("threads %d, GEMM %s, band tile %lld\n\n", ventris::num_threads(),
              ventris::gemm::backend_description().c_str(), static_cast<long long>(ventris::cpu::kBandTile));
  std::printf("%-11s %4s %4s %4s %4s %9s %9s %9s %9s  %s\n", "kind", "C", "K", "B", "T", "direct", "band",
              "direct", "band", "chosen");
  std::printf("%-11s %4s %4s %4s %4s %9s %9s %9s %9s\n", "", "", "", "", "", "ms", "ms", "GFLOP/s", "GFLOP/s");
  for (bool dynamic : {false, true})
    for (int64_t C : {80, 248, 1024})
      for (int64_t K : {3, 7, 15, 31, 63})
        for (auto [B, T] : {std::pair<int64_t, int64_t>{128, 32}, {16, 256}, {1, 30}}) {
          const LiteConvShape s{B, T, C, 4, K, K / 2, dynamic};
          const auto u = random_vector(B * T * C, -1.f, 1.f);
          const auto w = random_vector((dynamic ? B * T : 1) * 4 * K, 0.f, 2.f / K);
          std::vector<float> y(B * T * C);
          const double direct = time_ms(ventris::cpu::lite_conv_direct, u, w, y, s);
          const double band = time_ms(ventris::cpu::lite_conv_band, u, w, y, s);
          const double gflop = 2.0 * B * T * C * K / 1e9;
          const bool chosen_band = ventris::cpu::choose_lite_conv_path(s) == ventris::cpu::LiteConvPath::Band;
          std::printf("%-11s %4lld %4lld %4lld %4lld %9.3f %9.3f %9.1f %9.1f  %s%s\n",
                      dynamic ? "dynamic" : "lightweight", static_cast<long long>(C), static_cast<long long>(K),
                      static_cast<long long>(B), static_cast<long long>(T), direct, band, gflop / direct * 1e3,
                      gflop / band * 1e3, chosen_band ? "band" : "direct",
                      (chosen_band ? band <= direct : direct <= band) ? "" : "  (the other was faster here)");
        }
  return 0;
}
