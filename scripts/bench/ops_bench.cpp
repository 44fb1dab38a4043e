// Op benchmark: GFLOP/s of the GEMMs of transformer-base training at 4096
// tokens per batch (every GEMM backend, and for reference oneDNN left to
// thread one call itself, as PyTorch-style libraries do, which gives up row and
// thread invariance), GB/s of softmax, layer norm and dropout, all next to the
// sgemm peaks measured in the same run.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/gemm.h"
#include "core/gemm_onednn.h"
#include "core/tensor.h"
#include "core/threads.h"
#include "ops/ops.h"

namespace {

using namespace ventris;


Tensor filled(const Shape& s, float v = 0.01f) { return Tensor::full(s, v); }

// What a benchmark runs: one of Ventris's GEMM backends, or the reference.
struct Variant {
  const char* label;
  bool reference;  // oneDNN threading one call by itself (not invariant)
  gemm::Backend backend;
};

void run_gemm(const Variant& v, bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
              int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float* c, int64_t ldc,
              int64_t stride_c, int64_t batch) {
  if (v.reference)  // outside a parallel region oneDNN spreads the call over all threads itself
    return gemm::onednn_sgemm_batched(ta, tb, m, n, k, 1.f, a, lda, stride_a, b, ldb, stride_b, 0.f, c, ldc, stride_c,
                                      batch);
  gemm::set_backend(v.backend);
  gemm::sgemm_batched(ta, tb, m, n, k, 1.f, a, lda, stride_a, b, ldb, stride_b, 0.f, c, ldc, stride_c, batch);
}

std::vector<Variant> variants() {
  std::vector<Variant> all;
  for (gemm::Backend b : gemm::available_backends()) all.push_back({gemm::backend_name(b), false, b});
  if (gemm::onednn_available()) all.push_back({"onednn-mt", true, gemm::Backend::OneDNN});
  return all;
}

// Peak: a large square sgemm, best of several runs.
double measure_peak_gflops(const Variant& v) {
  const int n = 2048;
  Tensor a = filled({n, n}), b = filled({n, n}), c = filled({n, n});
  double best = 0;
  for (int rep = 0; rep < 4; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    run_gemm(v, false, false, n, n, n, a.data<float>(), n, 0, b.data<float>(), n, 0, c.data<float>(), n, 0, 1);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 2.0 * n * n * n / s / 1e9);
  }
  return best;
}

struct GemmShape {
  const char* name;
  int64_t m, n, k;
  bool ta, tb;
  int64_t batch;
};

// transformer-base (D 512, F 2048, H 8) at 4096 tokens = 128 sentences x 32 tokens, vocab 32k.
const GemmShape kShapes[] = {
    {"qkv_proj_fwd      [4096x512]x[512x1536]^T", 4096, 1536, 512, false, true, 1},
    {"attn_out_fwd      [4096x512]x[512x512]^T", 4096, 512, 512, false, true, 1},
    {"ffn1_fwd          [4096x512]x[2048x512]^T", 4096, 2048, 512, false, true, 1},
    {"ffn2_fwd          [4096x2048]x[512x2048]^T", 4096, 512, 2048, false, true, 1},
    {"ffn1_bwd_data     [4096x2048]x[2048x512]", 4096, 512, 2048, false, false, 1},
    {"ffn1_bwd_weight   [2048x4096]x[4096x512]", 2048, 512, 4096, true, false, 1},
    {"logits_fwd        [4096x512]x[32000x512]^T", 4096, 32000, 512, false, true, 1},
    {"logits_bwd_weight [32000x4096]x[4096x512]", 32000, 512, 4096, true, false, 1},
    {"attn_scores  1024x[32x64]x[32x64]^T", 32, 32, 64, false, true, 1024},
    {"attn_apply   1024x[32x32]x[32x64]", 32, 64, 32, false, false, 1024},
};

void BM_Gemm(benchmark::State& state, GemmShape s, Variant v) {
  Tensor a = filled({s.batch * s.m * s.k}), b = filled({s.batch * s.k * s.n}), c = filled({s.batch * s.m * s.n});
  const int64_t lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
  auto once = [&] {
    run_gemm(v, s.ta, s.tb, s.m, s.n, s.k, a.data<float>(), lda, s.m * s.k, b.data<float>(), ldb, s.k * s.n,
             c.data<float>(), s.n, s.m * s.n, s.batch);
  };
  once();  // warm-up: creates the cached oneDNN primitive for this shape
  for (auto _ : state) {
    once();
    benchmark::DoNotOptimize(c.data<float>());
  }
  const double flops = 2.0 * s.m * s.n * s.k * s.batch;
  state.counters["GFLOP/s"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

// Bandwidth benches: bytes = read + write of the activations.
void set_bandwidth(benchmark::State& state, double bytes) {
  state.counters["GB/s"] = benchmark::Counter(bytes / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_SoftmaxAttention(benchmark::State& state) {
  Tensor x = filled({128, 8, 32, 32});
  std::vector<int32_t> pad(128 * 32, 0);
  ops::SoftmaxMask mask{Tensor::from_vector(pad, {128, 32}), true, {}};
  ops::softmax(x, mask);  // warm-up: the caching allocator holds the output block
  for (auto _ : state) benchmark::DoNotOptimize(ops::softmax(x, mask));
  set_bandwidth(state, 2.0 * x.nbytes());
}

void BM_LogSoftmaxVocab(benchmark::State& state) {
  Tensor x = filled({4096, 32000});
  ops::log_softmax(x);  // warm-up (first touch of a 500 MB output would dominate)
  for (auto _ : state) benchmark::DoNotOptimize(ops::log_softmax(x));
  set_bandwidth(state, 2.0 * x.nbytes());
}

void BM_LayerNorm(benchmark::State& state) {
  Tensor x = filled({4096, 512}), g = filled({512}, 1.f), b = filled({512});
  ops::layer_norm(x, g, b);  // warm-up
  for (auto _ : state) benchmark::DoNotOptimize(ops::layer_norm(x, g, b));
  set_bandwidth(state, 2.0 * x.nbytes());
}

void BM_LayerNormBackward(benchmark::State& state) {
  Tensor x = filled({4096, 512}), g = filled({512}, 1.f), b = filled({512});
  auto out = ops::layer_norm(x, g, b);
  ops::layer_norm_backward(out.y, x, g, out.mean, out.rstd);  // warm-up
  for (auto _ : state) benchmark::DoNotOptimize(ops::layer_norm_backward(out.y, x, g, out.mean, out.rstd));
  set_bandwidth(state, 3.0 * x.nbytes());
}

void BM_Dropout(benchmark::State& state) {
  Tensor x = filled({4096, 2048});
  uint64_t stream = 0;
  ops::dropout(x, 0.1f, 1, stream++);  // warm-up
  for (auto _ : state) benchmark::DoNotOptimize(ops::dropout(x, 0.1f, 1, stream++));
  set_bandwidth(state, 2.0 * x.nbytes());
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 2;
  if (const char* t = std::getenv("VENTRIS_THREADS")) threads = std::atoi(t);
  set_num_threads(threads);
  // Machine-readable line for scripts/bench/ops's table.
  std::fprintf(stderr, "PEAK threads=%d", threads);
  for (const Variant& v : variants()) std::fprintf(stderr, " %s=%.1f", v.label, measure_peak_gflops(v));
  std::fprintf(stderr, "\n");
  for (const auto& s : kShapes) {
    for (const Variant& v : variants()) {
      char label[16];
      std::snprintf(label, sizeof label, "%-10s", v.label);
      std::string name(label);
      name += s.name;
      benchmark::RegisterBenchmark(name.c_str(), BM_Gemm, s, v)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
  }
  benchmark::RegisterBenchmark("softmax  [128,8,32,32] causal+pad", BM_SoftmaxAttention)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("log_softmax [4096,32000]", BM_LogSoftmaxVocab)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("layer_norm [4096,512]", BM_LayerNorm)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("layer_norm_bwd [4096,512]", BM_LayerNormBackward)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("dropout p=0.1 [4096,2048]", BM_Dropout)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
