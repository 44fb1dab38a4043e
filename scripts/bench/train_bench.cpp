// Training-step benchmark: target tokens/s, peak RSS and model FLOPs
// utilization for transformer-tiny and transformer-base shapes, or any preset
// of configs/ by name (lite-iwslt-160, transformer-lite-budget-320,
// lazy-iwslt-3x2, transformer-iwslt, ...), on synthetic
// batches of ~4096 target tokens (forward + backward + Adam, dropout on),
// against the sgemm peak measured in the same run. Prints one line per model
// for scripts/bench/train, which puts PyTorch's figures beside them; the
// tensor peak (tensor_mib) is the model's own even when several run in one
// process, unlike RSS.
//   bench_train [tiny|base|PRESET]...   (VENTRIS_THREADS, default 2; VENTRIS_DEVICE,
//   default cpu: cuda:N runs model, batch and optimizer there, scripts/bench/gpu;
//   VENTRIS_PRECISION fp32 (default), bf16 or fp16: every GEMM of the step,
//   and of the peak it is measured against, in that precision — train.precision's
//   GEMM autocast, without fp16's loss scaling, which costs no GEMM time)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/allocator.h"
#include "core/gemm.h"
#include "ops/autocast.h"
#include "ops/matmul.h"
#include "core/threads.h"
#include "peak_rss.h"
#include "bench_preset.h"
#include "models/model_factory.h"
#include "models/model_summary.h"
#include "ops/mult_add_counter.h"
#include "nn/init.h"
#include "optim/adam_optimizer.h"

namespace {

using namespace ventris;

struct Shape3 {
  const char* name;
  int layers, d, f, h;
};

double sgemm_peak() {
  double best = 0;
  const gemm::Backend in_use = gemm::backend();  // the default or VENTRIS_GEMM's choice
  for (auto backend : gemm::available_backends()) {
    gemm::set_backend(backend);
    const int n = 2048;
    Tensor a = Tensor::full({n, n}, 0.01f), b = Tensor::full({n, n}, 0.01f), c = Tensor::zeros({n, n});
    for (int rep = 0; rep < 3; ++rep) {
      auto t0 = std::chrono::steady_clock::now();
      gemm::sgemm(false, false, n, n, n, 1.f, a.data<float>(), n, b.data<float>(), n, 0.f, c.data<float>(), n);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      best = std::max(best, 2.0 * n * n * n / s / 1e9);
    }
  }
  gemm::set_backend(in_use);
  return best;
}

// GEMM peak of a device in the current autocast precision: the best of a few
// 4096^3 products through the op layer (cuBLAS on a GPU), each timed up to a
// scalar read back.
double device_sgemm_peak(Device device) {
  const int64_t n = 4096;
  Tensor a = Tensor::full({n, n}, 0.01f).to(device), b = Tensor::full({n, n}, 0.01f).to(device);
  double best = 0;
  for (int rep = 0; rep < 4; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    Tensor c = ops::matmul(a, b);
    (void)c.slice(0, 1).to(Device::cpu());  // waits for the product
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rep > 0) best = std::max(best, 2.0 * n * n * n / s / 1e9);
  }
  return best;
}

// Forward FLOPs of one batch (GEMMs only); training is ~3x.
double forward_flops(const Shape3& s, int64_t b, int64_t src_len, int64_t tgt_len, int64_t vocab) {
  const double d = s.d, f = s.f, S = static_cast<double>(b * src_len), T = static_cast<double>(b * tgt_len);
  const double enc = s.layers * (2 * S * (4 * d * d + 2 * d * f) + 2 * 2 * b * src_len * (double)src_len * d);
  const double dec = s.layers * (2 * T * (6 * d * d + 2 * d * f) + 2 * S * 2 * d * d +
                                 2 * 2 * b * tgt_len * (double)tgt_len * d + 2 * 2 * b * tgt_len * (double)src_len * d);
  return enc + dec + 2 * T * d * vocab;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = std::getenv("VENTRIS_THREADS") ? std::atoi(std::getenv("VENTRIS_THREADS")) : 2;
  set_num_threads(threads);
  const Device device = Device::parse(std::getenv("VENTRIS_DEVICE") ? std::getenv("VENTRIS_DEVICE") : "cpu");
  const ops::GemmPrecision precision =
      ops::parse_precision(std::getenv("VENTRIS_PRECISION") ? std::getenv("VENTRIS_PRECISION") : "fp32");
  ops::AutocastScope autocast(precision);
  const bool fp32 = precision == ops::GemmPrecision::F32;
  const double peak = device.is_cpu() && fp32 ? sgemm_peak() : device_sgemm_peak(device);
  const int64_t batch = 128, src_len = 32, tgt_len = 32, vocab = 8000;
  for (int i = 1; i < argc; ++i) {
    const std::string which = argv[i];
    Shape3 s = which == "base" ? Shape3{"transformer-base", 6, 512, 2048, 8} : Shape3{"transformer-tiny", 3, 256, 1024, 4};
    models::ModelConfig config;
    if (bench::is_preset(which)) {
      // The preset's own model section (dropouts included); FLOPs are then
      // counted from the dispatched GEMMs and convolutions, not by formula,
      // so a LazyFormer's skipped Q/K projections and QKᵀ are simply absent.
      config = bench::load_preset_model(which);
      s = Shape3{which.c_str(), config.encoder_layers, config.d_model, config.ffn_dim, config.heads};
    } else {
      config.encoder_layers = config.decoder_layers = s.layers;
      config.d_model = s.d;
      config.ffn_dim = s.f;
      config.heads = s.h;
      config.dropout = 0.1;
      config.share_embeddings = models::ShareEmbeddings::kAll;
    }
    allocator_for(device).reset_peak();  // this model's tensor peak, not the previous one's
    const auto owned = models::make_model(config, {vocab, vocab, 1}, 1);
    models::EncoderDecoder& model = *owned;
    // The Lite paper's cost: Mult-Adds to translate a 30 + 30-token sentence (`ventris info`).
    const int64_t mult_adds_30 = models::summarize(model, 30).mult_adds();
    model.parameters().to(device);
    optim::Adam adam(model.parameters(), {0.9, 0.98, 1e-9, 0.0, true});
    // Synthetic ids (no padding): exactly batch x tgt_len target tokens.
    Tensor src = Tensor::empty({batch, src_len}, DType::I32), tin = Tensor::empty({batch, tgt_len}, DType::I32);
    Tensor tout = Tensor::empty({batch, tgt_len}, DType::I32);
    for (int64_t k = 0; k < batch * src_len; ++k) src.data<int32_t>()[k] = 4 + static_cast<int32_t>((k * 7919) % (vocab - 4));
    for (int64_t k = 0; k < batch * tgt_len; ++k) {
      tin.data<int32_t>()[k] = 4 + static_cast<int32_t>((k * 104729) % (vocab - 4));
      tout.data<int32_t>()[k] = 4 + static_cast<int32_t>((k * 1299709) % (vocab - 4));
    }
    models::Batch b{src.to(device), tin.to(device), tout.to(device)};
    const int warmup = 1, steps = which == "base" ? 2 : 4;
    double seconds = 0;
    int64_t forward_mult_adds = 0;  // of one batch, counted in the warm-up step
    for (int step = 0; step < warmup + steps; ++step) {
      auto t0 = std::chrono::steady_clock::now();
      model.parameters().zero_grad();
      nn::ForwardContext ctx{true, 1, static_cast<uint64_t>(step) << 32};
      std::optional<ops::MultAddCounter> counter;
      if (step == 0) counter.emplace();
      auto out = model.loss(b, 0.1f, ctx);
      if (counter) forward_mult_adds = counter->total();
      counter.reset();
      ag::backward(ag::scale(out.loss, 1.f / static_cast<float>(out.tokens)));
      adam.step(1e-4);
      (void)out.loss.value().item();  // on a GPU: waits for the step (the trainer reads the loss too)
      double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (step >= warmup) seconds += dt;
    }
    const double tokens_per_s = static_cast<double>(batch * tgt_len * steps) / seconds;
    const double flops = bench::is_preset(which) ? 2.0 * static_cast<double>(forward_mult_adds)
                                                 : forward_flops(s, batch, src_len, tgt_len, vocab);
    const double achieved = 3 * flops * steps / seconds / 1e9;
    const double tensor_mib = static_cast<double>(allocator_for(device).stats().peak_bytes) / (1 << 20);
    std::printf("RESULT ventris %s threads=%d tok_s=%.1f step_s=%.3f gflops=%.1f peak=%.1f mfu=%.1f rss_mib=%ld "
                "tensor_mib=%.0f device=%s precision=%s mult_adds=%lld\n",
                s.name, threads, tokens_per_s, seconds / steps, achieved, peak, 100 * achieved / peak, peak_rss_mib(),
                tensor_mib, device.str().c_str(), ops::precision_name(precision), static_cast<long long>(mult_adds_30));
    std::fflush(stdout);
  }
  return 0;
}
