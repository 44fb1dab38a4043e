// Ops on tensors living on `cuda:0`, with the CUDA kernel sources run by the
// CPU emulator and "device" memory in host RAM: the dispatch, allocation and
// copy paths of the CUDA backend, checked against the CPU backend.
#include <gtest/gtest.h>

#include <cmath>

#include "core/allocator.h"
#include "core/cuda_api.h"
#include "ops/cuda_kernels.h"
#include "ops/kernels_for.h"
#include "ops/ops.h"
#include "optim/adam_optimizer.h"
#include "optim/grad_norm.h"
#include "../models/train_steps.h"
#include "../ops/op_test_util.h"

namespace ventris {
namespace {

class EmulatedCudaDevice : public ::testing::Test {
 protected:
  void SetUp() override {
    cuda::set_host_emulation(true);
    ops::set_cuda_kernel_table(&emulated_kernels::kernel_table());
  }
  void TearDown() override {
    // Cached "device" blocks are host memory: return them before leaving emulation.
    allocator_for(Device::cuda(0)).release_cached();
    ops::set_cuda_kernel_table(nullptr);
    cuda::set_host_emulation(false);
  }
  static Tensor on_gpu(const Tensor& t) { return t.to(Device::cuda(0)); }
};

void expect_same(const Tensor& gpu, const Tensor& cpu, double tol) {
  ASSERT_TRUE(gpu.device().is_cuda());
  test::expect_close(gpu, test::as_double(cpu), tol, tol);
}

TEST_F(EmulatedCudaDevice, TransformerSublayerChainMatchesCpu) {
  const int64_t B = 2, T = 7, D = 33;
  Tensor x = test::random_tensor({B, T, D}, 1), w = test::random_tensor({D, D}, 2, -0.3f, 0.3f);
  Tensor bias = test::random_tensor({D}, 3), gamma = test::random_tensor({D}, 4), beta = test::random_tensor({D}, 5);
  Tensor pad = Tensor::from_vector<int32_t>({0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, {B, T});

  auto run = [&](const Tensor& xx, const Tensor& ww, const Tensor& bb, const Tensor& gg, const Tensor& be,
                 const Tensor& pp) {
    Tensor h = ops::add(ops::matmul(xx, ww, false, true), bb);  // Linear
    h = ops::gelu(h);
    h = ops::dropout(h, 0.1f, 42, 7);
    auto ln = ops::layer_norm(ops::add(xx, h), gg, be);  // residual + post-norm
    Tensor scores = ops::scale(ops::matmul(ln.y, ln.y, false, true), 0.2f);  // batched [B, T, T]
    Tensor probs = ops::softmax(scores);
    Tensor masked = ops::softmax(scores.reshape({B, 1, T, T}), {pp, true, {}});  // padding + causal
    return std::vector<Tensor>{h, ln.y, ln.rstd, probs, masked};
  };
  auto cpu = run(x, w, bias, gamma, beta, pad);
  auto gpu = run(on_gpu(x), on_gpu(w), on_gpu(bias), on_gpu(gamma), on_gpu(beta), on_gpu(pad));
  for (size_t i = 0; i < cpu.size(); ++i) expect_same(gpu[i], cpu[i], 1e-4);
}

TEST_F(EmulatedCudaDevice, BackwardKernelsAndAccumulationMatchCpu) {
  Tensor x = test::random_tensor({70, 33}, 6), gy = test::random_tensor({70, 33}, 7);
  Tensor gamma = test::random_tensor({33}, 8), beta = test::random_tensor({33}, 9);
  auto ln_cpu = ops::layer_norm(x, gamma, beta);
  auto ln_gpu = ops::layer_norm(on_gpu(x), on_gpu(gamma), on_gpu(beta));
  auto g_cpu = ops::layer_norm_backward(gy, x, gamma, ln_cpu.mean, ln_cpu.rstd);
  auto g_gpu = ops::layer_norm_backward(on_gpu(gy), on_gpu(x), on_gpu(gamma), ln_gpu.mean, ln_gpu.rstd);
  expect_same(g_gpu.dx, g_cpu.dx, 1e-4);
  expect_same(g_gpu.dgamma, g_cpu.dgamma, 1e-4);
  expect_same(g_gpu.dbeta, g_cpu.dbeta, 1e-4);

  Tensor acc_cpu = x.clone(), acc_gpu = on_gpu(x);
  ops::add_scaled_(acc_cpu, gy, 0.5f);
  ops::add_scaled_(acc_gpu, on_gpu(gy), 0.5f);
  expect_same(acc_gpu, acc_cpu, 0);
  Tensor glu_in = test::random_tensor({10, 66}, 10), glu_grad = gy.slice(0, 10);
  expect_same(ops::glu_backward(on_gpu(glu_grad), on_gpu(glu_in)), ops::glu_backward(glu_grad, glu_in), 1e-5);
}

TEST_F(EmulatedCudaDevice, NullKernelsAndMixedDevicesFailClearly) {
  Tensor gpu = on_gpu(test::random_tensor({4, 5}, 11));
  EXPECT_THROW(ops::add(gpu, test::random_tensor({5}, 12)), Error);  // CPU bias with a GPU tensor
  // A null table entry is a one-line error naming op and device.
  ops::KernelTable partial = emulated_kernels::kernel_table();
  partial.relu = nullptr;
  ops::set_cuda_kernel_table(&partial);
  try {
    ops::relu(gpu);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("relu: no kernel for cuda (emulated)"), std::string::npos) << e.what();
  }
  ops::set_cuda_kernel_table(&emulated_kernels::kernel_table());
  EXPECT_EQ(ops::kernels_for(Device::cuda(0)).name, std::string("cuda (emulated)"));
}

TEST_F(EmulatedCudaDevice, LayoutReductionEmbeddingAndLossMatchCpu) {
  Tensor x = test::random_tensor({2, 7, 3, 5}, 20);
  expect_same(ops::permute(on_gpu(x), {0, 2, 1, 3}), ops::permute(x, {0, 2, 1, 3}), 0);
  Tensor a = test::random_tensor({4, 3}, 21), b = test::random_tensor({4, 5}, 22);
  Tensor cat_gpu = ops::concat({on_gpu(a), on_gpu(b)}, 1);
  expect_same(cat_gpu, ops::concat({a, b}, 1), 0);
  auto parts = ops::split(cat_gpu, {3, 5}, 1);
  expect_same(parts[1], b, 0);
  expect_same(ops::sum(on_gpu(x), 1), ops::sum(x, 1), 1e-6);
  Tensor g1 = test::random_tensor({2, 3, 5}, 26);
  expect_same(ops::expand_along(on_gpu(g1), x.shape(), 1), ops::expand_along(g1, x.shape(), 1), 0);
  expect_same(ops::mean(on_gpu(x), -1, true), ops::mean(x, -1, true), 1e-6);
  expect_same(ops::sum(on_gpu(x)), ops::sum(x), 1e-5);
  expect_same(ops::sum_to_suffix(on_gpu(x), Shape{3, 5}), ops::sum_to_suffix(x, Shape{3, 5}), 1e-5);

  Tensor w = test::random_tensor({11, 33}, 23);
  Tensor ids = Tensor::from_vector<int32_t>({3, 0, 3, 10, 1, 3}, {2, 3});
  expect_same(ops::embedding(on_gpu(w), on_gpu(ids)), ops::embedding(w, ids), 0);
  // I32 tables (the decoder state's padding mask) are gathered on the device too.
  Tensor mask = Tensor::from_vector<int32_t>({0, 0, 1, 0, 1, 1, -7, 0x7f800001, 5, 6, 7, 8}, {6, 2});
  Tensor gathered = ops::embedding(on_gpu(mask), on_gpu(Tensor::from_vector<int32_t>({3, 5, 0}, {3})));
  ASSERT_TRUE(gathered.device().is_cuda());
  EXPECT_EQ(gathered.to_vector<int32_t>(), (std::vector<int32_t>{-7, 0x7f800001, 7, 8, 0, 0}));
  Tensor g = test::random_tensor({2, 3, 33}, 24);
  expect_same(ops::embedding_backward(on_gpu(g), on_gpu(ids), 11, 1), ops::embedding_backward(g, ids, 11, 1), 1e-6);

  Tensor logits = test::random_tensor({9, 513}, 25, -5.f, 5.f);
  Tensor targets = Tensor::from_vector<int32_t>({5, 1, 512, 0, 1, 7, 300, 2, 1}, {9});
  auto c = ops::label_smoothed_cross_entropy(logits, targets, 0.1f, 1);
  auto d = ops::label_smoothed_cross_entropy(on_gpu(logits), on_gpu(targets), 0.1f, 1);
  EXPECT_EQ(d.tokens, c.tokens);
  EXPECT_NEAR(d.loss.item(), c.loss.item(), 1e-4 * c.loss.item());
  EXPECT_NEAR(d.nll.item(), c.nll.item(), 1e-4 * c.nll.item());
  expect_same(ops::label_smoothed_cross_entropy_backward(0.5f, on_gpu(logits), on_gpu(targets), d.logsumexp, 0.1f, 1),
              ops::label_smoothed_cross_entropy_backward(0.5f, logits, targets, c.logsumexp, 0.1f, 1), 1e-5);
}

TEST_F(EmulatedCudaDevice, GradientNormClippingAndAdamStayOnDeviceAndMatchCpu) {
  // Sizes: a bias, an awkward width, a tensor spanning three chunks.
  const std::vector<Shape> shapes{{7}, {513}, {2 * math::kTensorListChunk + 5}};
  ag::ParameterSet cpu_params, gpu_params;
  for (size_t i = 0; i < shapes.size(); ++i) {
    const std::string name = std::string("p").append(std::to_string(i));
    Tensor w = test::random_tensor(shapes[i], 30 + static_cast<uint32_t>(i));
    Tensor g = test::random_tensor(shapes[i], 40 + static_cast<uint32_t>(i), -0.01f, 0.01f);
    ag::backward(cpu_params.add(name, w.clone()), g);
    ag::backward(gpu_params.add(name, on_gpu(w)), on_gpu(g));
  }
  gpu_params.add("no_grad", on_gpu(test::random_tensor({5}, 50)));  // skipped by norm and Adam
  ASSERT_TRUE(gpu_params.items()[0].second.grad().device().is_cuda());

  EXPECT_EQ(optim::gradient_norm(gpu_params), optim::gradient_norm(cpu_params));
  const double norm = optim::clip_gradients(cpu_params, 0.5);
  EXPECT_GT(norm, 0.5);  // so clipping scaled something
  EXPECT_EQ(optim::clip_gradients(gpu_params, 0.5), norm);
  EXPECT_TRUE(optim::gradients_finite(gpu_params));

  optim::Adam cpu_adam(cpu_params, {}), gpu_adam(gpu_params, {});
  cpu_adam.step(1e-3);
  gpu_adam.step(1e-3);
  for (size_t i = 0; i < shapes.size(); ++i) {
    const ag::Var& c = cpu_params.items()[i].second;
    const ag::Var& g = gpu_params.items()[i].second;
    ASSERT_TRUE(g.value().device().is_cuda());
    EXPECT_EQ(g.grad().to_vector<float>(), c.grad().to_vector<float>()) << "clipped gradient " << i;
    // Adam may fuse multiply-adds in the -march=native CPU build: equal to rounding.
    expect_same(g.value(), c.value(), 1e-6);
  }

  // A NaN anywhere makes the norm NaN; the gradients are left for the caller.
  ag::backward(gpu_params.at("p0"), on_gpu(Tensor::full({7}, NAN)));
  EXPECT_FALSE(optim::gradients_finite(gpu_params));
  EXPECT_TRUE(std::isnan(optim::clip_gradients(gpu_params, 0.5)));
  EXPECT_TRUE(std::isnan(gpu_params.at("p0").grad().to_vector<float>()[0]));
  EXPECT_EQ(gpu_params.at("p1").grad().to_vector<float>(), cpu_params.at("p1").grad().to_vector<float>());
}

TEST_F(EmulatedCudaDevice, TopkMatchesCpu) {
  Tensor x = test::random_tensor({3, 2, 513}, 70);
  auto v = x.to_vector<float>();
  for (size_t i = 0; i < v.size(); i += 3) v[i] = std::round(v[i]);  // ties
  v[5] = -INFINITY;
  x = Tensor::from_vector(v, x.shape());
  auto cpu = ops::topk(x, 10);
  auto gpu = ops::topk(on_gpu(x), 10);
  ASSERT_TRUE(gpu.indices.device().is_cuda());
  EXPECT_EQ(gpu.indices.to_vector<int32_t>(), cpu.indices.to_vector<int32_t>());
  EXPECT_EQ(gpu.values.to_vector<float>(), cpu.values.to_vector<float>());
}

}  // namespace
}  // namespace ventris

// Issue 7's acceptance check without a GPU: a few training updates of a tiny
// Transformer on cuda:0 (kernel sources under the emulator, host "device"
// memory) match the same updates on the CPU.
#include "decode/translator.h"
#include "models/model_factory.h"
#include "models/transformer/transformer.h"

namespace ventris {
namespace {

models::ModelConfig tiny_config() {
  models::ModelConfig config;
  config.encoder_layers = config.decoder_layers = 2;
  config.d_model = 16;
  config.ffn_dim = 24;
  config.heads = 2;
  return config;
}

const models::Vocab kTinyVocab{19, 19, 1};

models::Batch tiny_batch() {
  return {Tensor::from_vector<int32_t>({5, 9, 3, 2, 1, 7, 2, 1, 1, 1, 4, 11, 6, 8, 2}, {3, 5}),
          Tensor::from_vector<int32_t>({2, 12, 6, 1, 2, 10, 1, 1, 2, 5, 7, 13}, {3, 4}),
          Tensor::from_vector<int32_t>({12, 6, 2, 1, 10, 2, 1, 1, 5, 7, 13, 2}, {3, 4})};
}

Tensor gpu_copy(const Tensor& t) { return t.to(Device::cuda(0)); }

// The same shape as the Lite Transformer: attention 8 (2 heads) + convolution 8 (2 heads).
models::ModelConfig tiny_lite_config(const std::string& conv, bool glu) {
  models::ModelConfig config = tiny_config();
  config.arch = "lite";
  config.ffn_dim = 16;
  config.lite.branches = {"attn:1:8:2", conv + ":default:8:2"};
  config.lite.encoder_kernel_sizes = {3, 7};
  config.lite.decoder_kernel_sizes = {3, 5};
  config.lite.glu = glu;
  config.lite.weight_dropout = 0.1;  // DropConnect on: the same Philox masks on both devices
  return config;
}

void expect_same_weights(models::EncoderDecoder& gpu_model, models::EncoderDecoder& cpu_model, int updates) {
  for (size_t i = 0; i < cpu_model.parameters().size(); ++i) {
    const auto& [name, p_cpu] = cpu_model.parameters().items()[i];
    auto a = p_cpu.value().to_vector<float>();
    auto b = gpu_model.parameters().items()[i].second.value().to_vector<float>();
    // The key bias has an exactly zero true gradient: both devices hold rounding
    // noise there, which Adam normalizes into steps of ~lr each.
    const double tol = name.ends_with("k_proj.bias") ? 2 * updates * 1e-3 : 1e-4;
    for (size_t k = 0; k < a.size(); ++k) ASSERT_NEAR(b[k], a[k], tol) << name << "[" << k << "]";
  }
}

// The convolution ops on the device: dispatch, the weight gradient's scratch
// on the device, and the step (kernels: tests/cuda/lite_conv_kernel_test.cpp).
TEST_F(EmulatedCudaDevice, LiteConvolutionOpsMatchCpu) {
  const Tensor u = test::random_tensor({2, 70, 12}, 1), g = test::random_tensor({2, 70, 12}, 2);
  const Tensor ws = test::random_tensor({3, 7}, 3), wd = test::random_tensor({2, 70, 3, 7}, 4);
  for (const Tensor& w : {ws, wd}) {
    auto conv = [&](const Tensor& x, const Tensor& k) {
      return k.rank() == 2 ? ops::lightweight_conv(x, k, 3) : ops::dynamic_conv(x, k, 3);
    };
    expect_same(conv(on_gpu(u), on_gpu(w)), conv(u, w), 1e-5);
    expect_same(ops::lite_conv_backward_input(on_gpu(g), on_gpu(w), 3), ops::lite_conv_backward_input(g, w, 3), 1e-5);
    expect_same(ops::lite_conv_backward_weight(on_gpu(g), on_gpu(u), w.shape(), 3),
                ops::lite_conv_backward_weight(g, u, w.shape(), 3), 1e-5);
  }
  const Tensor window = test::random_tensor({5, 7, 12}, 5);
  expect_same(ops::conv_step(on_gpu(window), on_gpu(ws)), ops::conv_step(window, ws), 1e-5);
}

// A few updates of the model `config` builds, on cuda:0 and on the CPU.
void expect_training_matches_cpu(models::ModelConfig config) {
  constexpr int kUpdates = 3;
  config.dropout = 0.1;  // dropout on: Philox draws the same masks on both devices
  const models::Batch cpu_batch = tiny_batch();
  models::Batch gpu_batch{gpu_copy(cpu_batch.src), gpu_copy(cpu_batch.tgt_in), gpu_copy(cpu_batch.tgt_out)};
  auto cpu_model = models::make_model(config, kTinyVocab, 5), gpu_model = models::make_model(config, kTinyVocab, 5);
  gpu_model->parameters().to(Device::cuda(0));
  ASSERT_TRUE(gpu_model->parameters().items()[0].second.value().device().is_cuda());
  auto cpu_losses = test::train_steps(*cpu_model, cpu_batch, kUpdates);
  auto gpu_losses = test::train_steps(*gpu_model, gpu_batch, kUpdates);
  for (int i = 0; i < kUpdates; ++i) EXPECT_NEAR(gpu_losses[i], cpu_losses[i], 1e-4 * cpu_losses[i]) << "update " << i;
  expect_same_weights(*gpu_model, *cpu_model, kUpdates);
}

TEST_F(EmulatedCudaDevice, TinyTransformerTrainingMatchesCpu) { expect_training_matches_cpu(tiny_config()); }
TEST_F(EmulatedCudaDevice, TinyLiteLightweightTrainingMatchesCpu) {
  expect_training_matches_cpu(tiny_lite_config("lightweight", false));
}
TEST_F(EmulatedCudaDevice, TinyLiteDynamicGluTrainingMatchesCpu) {
  expect_training_matches_cpu(tiny_lite_config("dynamic", true));
}

// LazyFormer with lazy blocks everywhere (architectures.md §4): the shared
// distributions, the summed backward and the block's one shared mask on cuda:0.
models::ModelConfig tiny_lazy_config() {
  models::ModelConfig config = tiny_config();
  config.arch = "lazyformer";
  config.attention_dropout = 0.1;
  config.lazy.blocks_enc = config.lazy.blocks_dec_self = config.lazy.blocks_dec_cross = {2};
  return config;
}

TEST_F(EmulatedCudaDevice, TinyLazyFormerTrainingMatchesCpu) {
  for (auto mode : {models::LazyProbDropout::kPerLayer, models::LazyProbDropout::kShared}) {
    models::ModelConfig config = tiny_lazy_config();
    config.lazy.prob_dropout = mode;
    expect_training_matches_cpu(config);
  }
}

// Mixed precision (GEMM autocast, bf16) on cuda:0: the ops dispatch the cast
// kernel and the 16-bit GEMM entry, and training matches the CPU's bf16 run.
TEST_F(EmulatedCudaDevice, AutocastMatmulIsBitIdenticalToCpu) {
  Tensor a = test::random_tensor({2, 7, 33}, 60), w = test::random_tensor({5, 33}, 61);
  Tensor q = test::random_tensor({2, 3, 7, 8}, 62), k = test::random_tensor({2, 3, 9, 8}, 63);
  for (auto p : {math::GemmPrecision::BF16, math::GemmPrecision::F16}) {
    ops::AutocastScope autocast(p);
    EXPECT_EQ(ops::matmul(on_gpu(a), on_gpu(w), false, true).to_vector<float>(),
              ops::matmul(a, w, false, true).to_vector<float>());
    EXPECT_EQ(ops::matmul(on_gpu(q), on_gpu(k), false, true).to_vector<float>(),
              ops::matmul(q, k, false, true).to_vector<float>());
  }
}

TEST_F(EmulatedCudaDevice, TinyTransformerBf16TrainingMatchesCpuBf16) {
  constexpr int kUpdates = 3;
  models::ModelConfig config = tiny_config();
  config.dropout = 0.1;
  const models::Batch cpu_batch = tiny_batch();
  models::Batch gpu_batch{on_gpu(cpu_batch.src), on_gpu(cpu_batch.tgt_in), on_gpu(cpu_batch.tgt_out)};
  models::Transformer cpu_model(config, kTinyVocab, 5), gpu_model(config, kTinyVocab, 5), fp32_model(config, kTinyVocab, 5);
  gpu_model.parameters().to(Device::cuda(0));
  const auto bf16 = math::GemmPrecision::BF16;
  const auto cpu_losses = test::train_steps(cpu_model, cpu_batch, kUpdates, bf16);
  const auto gpu_losses = test::train_steps(gpu_model, gpu_batch, kUpdates, bf16);
  const auto fp32_losses = test::train_steps(fp32_model, cpu_batch, kUpdates);
  for (int i = 0; i < kUpdates; ++i) {
    // The GEMMs agree bit for bit (above), the other kernels to f32 rounding.
    // Where such a last-bit difference meets a bf16 rounding boundary, one GEMM
    // input moves by a bf16 step (2^-8 relative), and everything downstream
    // with it: the device follows the CPU to a fraction of bf16's resolution.
    EXPECT_NEAR(gpu_losses[i], cpu_losses[i], 1e-3 * cpu_losses[i]) << "update " << i;
    // bf16 inputs (8 significant bits) move the loss, but only by bf16-sized amounts.
    EXPECT_NE(cpu_losses[i], fp32_losses[i]) << "update " << i;
    EXPECT_NEAR(cpu_losses[i], fp32_losses[i], 1e-2 * fp32_losses[i]) << "update " << i;
  }
  // No weight-by-weight check: Adam's first steps are ~lr * sign(gradient), so
  // a flipped bf16 rounding that flips a tiny gradient's sign moves that weight
  // by 2 lr — the losses are the meaningful comparison.
}

// The decoding path on cuda:0: per-sentence cross K/V, the fused step
// attention and cache append, reorders that retire and expand rows, and the
// translator's mixed-length batches, against the CPU.
void expect_decoding_matches_cpu(const models::ModelConfig& config) {
  auto cpu_owner = models::make_model(config, kTinyVocab, 7), gpu_owner = models::make_model(config, kTinyVocab, 7);
  models::EncoderDecoder &cpu_model = *cpu_owner, &gpu_model = *gpu_owner;
  gpu_model.parameters().to(Device::cuda(0));
  const Tensor src = Tensor::from_vector<int32_t>({5, 9, 3, 2, 7, 2, 1, 1, 4, 11, 6, 2}, {3, 4});
  models::DecoderState cpu_state = cpu_model.start_decoding(src), gpu_state = gpu_model.start_decoding(gpu_copy(src));
  std::vector<int32_t> last{2, 2, 2};
  for (int step = 0; step < 5; ++step) {
    if (step == 2) {  // expand sentence 0 to two rows, retire sentence 1
      for (auto* state : {&cpu_state, &gpu_state}) state->reorder({0, 0, 2});
      last = {last[0], last[0], last[2]};
    }
    const Tensor ids = Tensor::from_vector(last, {static_cast<int64_t>(last.size())});
    const Tensor cpu_lp = cpu_model.decode_step(ids, cpu_state);
    const Tensor gpu_lp = gpu_model.decode_step(gpu_copy(ids), gpu_state);
    expect_same(gpu_lp, cpu_lp, 1e-5);
    for (size_t r = 0; r < last.size(); ++r) last[r] = static_cast<int32_t>(4 + (step * 3 + r) % 15);
  }
  decode::TranslateOptions o;
  o.search.beam = 3;
  o.search.max_len_b = 6;
  const std::vector<std::vector<int32_t>> sources{{5, 9, 3}, {7}, {4, 11, 6, 8, 12}, {13, 14}};
  const auto cpu_out = decode::Translator(cpu_model).translate(sources, o);
  const auto gpu_out = decode::Translator(gpu_model).translate(sources, o);
  ASSERT_EQ(cpu_out.size(), gpu_out.size());
  for (size_t i = 0; i < cpu_out.size(); ++i) {
    EXPECT_EQ(gpu_out[i].tokens, cpu_out[i].tokens) << "sentence " << i;
    EXPECT_NEAR(gpu_out[i].score, cpu_out[i].score, 1e-4) << "sentence " << i;
  }
}

TEST_F(EmulatedCudaDevice, TinyTransformerDecodingMatchesCpu) { expect_decoding_matches_cpu(tiny_config()); }
TEST_F(EmulatedCudaDevice, TinyLiteDecodingMatchesCpu) {
  expect_decoding_matches_cpu(tiny_lite_config("lightweight", false));
  expect_decoding_matches_cpu(tiny_lite_config("dynamic", true));
}

// LazyFormer's step: the halves of the step attention, V-only caches in lazy layers.
TEST_F(EmulatedCudaDevice, TinyLazyFormerDecodingMatchesCpu) { expect_decoding_matches_cpu(tiny_lazy_config()); }

}  // namespace
}  // namespace ventris
