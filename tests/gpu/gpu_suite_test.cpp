// The real-GPU suite (ctest label `gpu`): the same checks as
// tests/cuda/emulated_device_test.cpp, but on an actual device with the
// nvcc-built kernels and cuBLAS, plus the device-resident optimizer step and
// top-k. Every test skips, saying why, when no usable device is present (as
// on every machine of this project so far).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "core/cuda_api.h"
#include "decode/translator.h"
#include "models/transformer/transformer.h"
#include "ops/kernels_for.h"
#include "ops/ops.h"
#include "optim/adam_optimizer.h"
#include "optim/grad_norm.h"
#include "runtime/cudnn_conv.h"
#include "train/precision.h"
#include "../models/train_steps.h"

namespace ventris {
namespace {

class RealGpu : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!cuda::compiled_in()) GTEST_SKIP() << "skipped: this build has no CUDA backend";
    if (cuda::list_devices(&why).empty()) GTEST_SKIP() << "skipped: no CUDA device (" << why << ")";
  }
  static Tensor random(const Shape& s, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-2.f, 2.f);
    std::vector<float> v(s.numel());
    for (auto& x : v) x = d(rng);
    return Tensor::from_vector(v, s);
  }
  static void expect_close(const Tensor& gpu, const Tensor& cpu, float tol) {
    ASSERT_TRUE(gpu.device().is_cuda());
    auto a = gpu.to_vector<float>(), b = cpu.to_vector<float>();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], tol * (1 + std::fabs(b[i]))) << i;
  }
};

TEST_F(RealGpu, OpsMatchCpuAtAwkwardSizes) {
  const Device gpu = Device::cuda(0);
  EXPECT_STREQ(ops::kernels_for(gpu).name, "cuda");
  for (int64_t n : {1, 7, 33, 513, 4096}) {
    Tensor x = random({3, n}, static_cast<uint32_t>(n)), w = random({n, n > 64 ? 64 : n}, 2);
    Tensor g = random({n}, 3), b = random({n}, 4);
    expect_close(ops::gelu(x.to(gpu)), ops::gelu(x), 1e-5f);
    expect_close(ops::softmax(x.to(gpu)), ops::softmax(x), 1e-5f);
    expect_close(ops::layer_norm(x.to(gpu), g.to(gpu), b.to(gpu)).y, ops::layer_norm(x, g, b).y, 1e-4f);
    expect_close(ops::dropout(x.to(gpu), 0.2f, 3, 4), ops::dropout(x, 0.2f, 3, 4), 0.f);
    expect_close(ops::matmul(x.to(gpu), w.to(gpu)), ops::matmul(x, w), 1e-3f);  // cuBLAS
    const Tensor flags = Tensor::from_vector(std::vector<int32_t>{0, math::kRowEosBanned, math::kRowMustEnd}, {3});
    Tensor ruled_cpu = x.clone(), ruled_gpu = x.to(gpu);
    ops::apply_decoding_rules(ruled_cpu, flags, {});
    ops::apply_decoding_rules(ruled_gpu, flags.to(gpu), {});
    EXPECT_EQ(ruled_gpu.to(Device::cpu()).to_vector<float>(), ruled_cpu.to_vector<float>()) << n;
  }
}

TEST_F(RealGpu, TopkMatchesCpuAtVocabularyWidths) {
  const Device gpu = Device::cuda(0);
  for (int64_t cols : {1, 7, 33, 513, 4096, 40000}) {
    // Rounded values: many ties, which must resolve to the same (lower) columns.
    auto v = random({10, cols}, static_cast<uint32_t>(cols)).to_vector<float>();
    for (auto& e : v) e = std::round(e * 4.f);
    v[0] = -INFINITY;
    const Tensor x = Tensor::from_vector(v, {10, cols});
    for (int64_t k : {1, 5, 10}) {
      if (k > cols) continue;
      auto c = ops::topk(x, k);
      auto g = ops::topk(x.to(gpu), k);
      ASSERT_TRUE(g.indices.device().is_cuda());
      EXPECT_EQ(g.indices.to_vector<int32_t>(), c.indices.to_vector<int32_t>()) << "cols=" << cols << " k=" << k;
      EXPECT_EQ(g.values.to_vector<float>(), c.values.to_vector<float>()) << "cols=" << cols << " k=" << k;
    }
  }
}

TEST_F(RealGpu, GradientNormClippingAndMultiTensorAdamMatchCpu) {
  const Device gpu = Device::cuda(0);
  ag::ParameterSet cpu_params, gpu_params;
  int i = 0;
  for (int64_t n : {int64_t{7}, int64_t{513}, int64_t{4096}, int64_t{300000}}) {
    const Tensor w = random({n}, 80 + i), g = random({n}, 90 + i);
    const std::string name = std::string("p").append(std::to_string(i++));
    ag::backward(cpu_params.add(name, w.clone()), g);
    ag::backward(gpu_params.add(name, w.to(gpu)), g.to(gpu));
  }
  // The reduction order is fixed on both devices: the same bits.
  EXPECT_EQ(optim::gradient_norm(gpu_params), optim::gradient_norm(cpu_params));
  EXPECT_EQ(optim::clip_gradients(gpu_params, 1.0), optim::clip_gradients(cpu_params, 1.0));
  optim::Adam cpu_adam(cpu_params, {}), gpu_adam(gpu_params, {});
  for (int step = 0; step < 3; ++step) {
    cpu_adam.step(1e-3);
    gpu_adam.step(1e-3);
  }
  for (size_t p = 0; p < cpu_params.size(); ++p) {
    expect_close(gpu_params.items()[p].second.grad(), cpu_params.items()[p].second.grad(), 0.f);
    // nvcc may fuse the Adam update's multiply-adds: equal to rounding, not always to the bit.
    expect_close(gpu_params.items()[p].second.value(), cpu_params.items()[p].second.value(), 1e-6f);
  }
}

models::ModelConfig tiny_config() {
  models::ModelConfig config;
  config.encoder_layers = config.decoder_layers = 2;
  config.d_model = 32;
  config.ffn_dim = 64;
  config.heads = 4;
  return config;
}

models::Batch tiny_batch() {
  return {Tensor::from_vector<int32_t>({5, 9, 3, 2, 1, 7, 2, 1, 1, 1, 4, 11, 6, 8, 2}, {3, 5}),
          Tensor::from_vector<int32_t>({2, 12, 6, 1, 2, 10, 1, 1, 2, 5, 7, 13}, {3, 4}),
          Tensor::from_vector<int32_t>({12, 6, 2, 1, 10, 2, 1, 1, 5, 7, 13, 2}, {3, 4})};
}

// The losses of five updates on cuda:0 and on the CPU, GEMMs in `precision`.
void expect_training_matches_cpu(math::GemmPrecision precision, double relative_tolerance) {
  const models::ModelConfig config = tiny_config();
  const models::Vocab vocab{19, 19, 1};
  const models::Batch batch = tiny_batch();
  models::Transformer cpu_model(config, vocab, 5), gpu_model(config, vocab, 5);
  gpu_model.parameters().to(Device::cuda(0));
  const Device gpu = Device::cuda(0);
  auto cpu_losses = test::train_steps(cpu_model, batch, 5, precision);
  auto gpu_losses =
      test::train_steps(gpu_model, {batch.src.to(gpu), batch.tgt_in.to(gpu), batch.tgt_out.to(gpu)}, 5, precision);
  for (int i = 0; i < 5; ++i)
    EXPECT_NEAR(gpu_losses[i], cpu_losses[i], relative_tolerance * cpu_losses[i]) << "update " << i;
}

TEST_F(RealGpu, TinyTransformerTrainingMatchesCpuInFp32) { expect_training_matches_cpu(math::GemmPrecision::F32, 1e-3); }

// Mixed precision: cublasGemmStridedBatchedEx with 16-bit inputs (operand
// order, leading dimensions, strides, broadcast B) against the CPU's GEMM
// autocast, which rounds the same inputs the same way: only the summation
// order differs, since products of 16-bit values are exact in f32.
TEST_F(RealGpu, AutocastGemmsMatchCpuReference) {
  const Device gpu = Device::cuda(0);
  uint32_t seed = 300;
  for (auto p : {math::GemmPrecision::BF16, math::GemmPrecision::F16}) {
    ops::AutocastScope autocast(p);
    for (int64_t m : {1, 7, 33, 513})
      for (int64_t k : {1, 33, 4096})
        for (bool ta : {false, true})
          for (bool tb : {false, true}) {
            const int64_t n = 65;
            Tensor a = random(ta ? Shape{k, m} : Shape{m, k}, seed++), b = random(tb ? Shape{n, k} : Shape{k, n}, seed++);
            expect_close(ops::matmul(a.to(gpu), b.to(gpu), ta, tb), ops::matmul(a, b, ta, tb), 2e-5f * std::sqrt(static_cast<float>(k)));
            Tensor ab = random(ta ? Shape{3, k, m} : Shape{3, m, k}, seed++);
            Tensor bb = random(tb ? Shape{3, n, k} : Shape{3, k, n}, seed++);
            expect_close(ops::matmul(ab.to(gpu), bb.to(gpu), ta, tb), ops::matmul(ab, bb, ta, tb),
                         2e-5f * std::sqrt(static_cast<float>(k)));
          }
  }
}

// The Lite convolutions' tiled kernels on a device (the emulator runs blocks
// one at a time, so only a GPU shows races between a tile's loads and reads):
// every instantiated K and a generic one, T < K and T over several tiles,
// both paddings, 248 channels in 4 heads (heads straddle the 32-channel
// tiles), both kernel kinds; the weight gradient is the same bits twice.
TEST_F(RealGpu, LiteConvolutionsMatchCpuAndAreReproducible) {
  const Device gpu = Device::cuda(0);
  uint32_t seed = 500;
  for (int64_t K : {3, 7, 15, 31, 63, 5})
    for (int64_t T : {K / 2 + 1, int64_t{200}})
      for (int64_t P : {K / 2, K - 1}) {
        const Tensor u = random({3, T, 248}, seed++), g = random({3, T, 248}, seed++);
        const Tensor ws = ops::softmax(random({4, K}, seed++)), wd = ops::softmax(random({3, T, 4, K}, seed++));
        for (const Tensor& w : {ws, wd}) {
          SCOPED_TRACE("K=" + std::to_string(K) + " T=" + std::to_string(T) + " P=" + std::to_string(P) +
                       (w.rank() == 4 ? " dynamic" : " lightweight"));
          auto conv = [P](const Tensor& x, const Tensor& k) {
            return k.rank() == 2 ? ops::lightweight_conv(x, k, P) : ops::dynamic_conv(x, k, P);
          };
          expect_close(conv(u.to(gpu), w.to(gpu)), conv(u, w), 1e-5f);
          expect_close(ops::lite_conv_backward_input(g.to(gpu), w.to(gpu), P), ops::lite_conv_backward_input(g, w, P),
                       1e-5f);
          const Tensor gw = ops::lite_conv_backward_weight(g.to(gpu), u.to(gpu), w.shape(), P);
          expect_close(gw, ops::lite_conv_backward_weight(g, u, w.shape(), P), 1e-4f);
          EXPECT_EQ(ops::lite_conv_backward_weight(g.to(gpu), u.to(gpu), w.shape(), P).to_vector<float>(),
                    gw.to_vector<float>());
        }
        const Tensor window = random({5, K, 248}, seed++);
        expect_close(ops::conv_step(window.to(gpu), ws.to(gpu)), ops::conv_step(window, ws), 1e-5f);
      }
}

// The lightweight convolution's cuDNN path (runtime/cudnn_conv.h: a grouped
// convolution over the expanded per-head kernels), switched on for this test
// only: every recipe kernel size and a generic one, centred, causal and P = 0
// padding (cuDNN pads symmetrically; the op takes the right rows).
TEST_F(RealGpu, LightweightConvThroughCudnnMatchesCpu) {
  const Device gpu = Device::cuda(0);
  struct Restore {
    bool on;
    ~Restore() { cuda::set_lite_conv_uses_cudnn(on); }
  } restore{cuda::lite_conv_uses_cudnn()};
  cuda::set_lite_conv_uses_cudnn(true);
  uint32_t seed = 700;
  for (int64_t K : {3, 7, 15, 31, 63, 5})
    for (int64_t T : {K / 2 + 1, int64_t{200}})
      for (int64_t P : {K / 2, K - 1, int64_t{0}}) {
        SCOPED_TRACE("K=" + std::to_string(K) + " T=" + std::to_string(T) + " P=" + std::to_string(P));
        const Tensor u = random({3, T, 248}, seed++), w = ops::softmax(random({4, K}, seed++));
        expect_close(ops::lightweight_conv(u.to(gpu), w.to(gpu), P), ops::lightweight_conv(u, w, P), 1e-5f);
      }
}

// train.precision auto: bf16 exactly on compute capability 8.0 and newer.
TEST_F(RealGpu, AutoPrecisionFollowsTheComputeCapability) {
  const cuda::DeviceInfo d = cuda::list_devices().front();
  EXPECT_EQ(train::resolve_precision(train::PrecisionSetting::kAuto, Device::cuda(d.index)),
            d.compute_major >= 8 ? math::GemmPrecision::BF16 : math::GemmPrecision::F32)
      << d.name << " sm_" << d.compute_major << d.compute_minor;
}

// cuBLAS sums in another order than the CPU; now and then that flips a bf16
// rounding of the next GEMM's input, so the tolerance is wider than fp32's.
TEST_F(RealGpu, TinyTransformerBf16TrainingMatchesCpuBf16) {
  expect_training_matches_cpu(math::GemmPrecision::BF16, 5e-3);
}

TEST_F(RealGpu, TinyTransformerBeamSearchMatchesCpu) {
  const models::ModelConfig config = tiny_config();
  const models::Vocab vocab{19, 19, 1};
  models::Transformer cpu_model(config, vocab, 7), gpu_model(config, vocab, 7);
  gpu_model.parameters().to(Device::cuda(0));
  decode::TranslateOptions o;
  o.search.beam = 4;
  o.search.max_len_b = 8;
  const std::vector<std::vector<int32_t>> sources{{5, 9, 3}, {7}, {4, 11, 6, 8, 12}, {13, 14}, {5, 9, 3}};
  const auto cpu_out = decode::Translator(cpu_model).translate(sources, o);
  const auto gpu_out = decode::Translator(gpu_model).translate(sources, o);
  ASSERT_EQ(cpu_out.size(), gpu_out.size());
  for (size_t i = 0; i < cpu_out.size(); ++i) {
    EXPECT_EQ(gpu_out[i].tokens, cpu_out[i].tokens) << "sentence " << i;
    EXPECT_NEAR(gpu_out[i].score, cpu_out[i].score, 1e-3) << "sentence " << i;
  }
}

}  // namespace
}  // namespace ventris
