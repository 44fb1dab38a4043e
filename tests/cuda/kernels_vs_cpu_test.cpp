// Every CUDA kernel, run through the CPU emulator, against its CPU twin at
// awkward sizes (1, 7, 33, 513, 4096). fp32 kernels must agree to rounding;
// dropout must agree bit for bit (same Philox stream).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/cuda_kernels.h"
#include "random_vector.h"

namespace ventris {
namespace {

namespace gpu = emulated_kernels;

const int64_t kSizes[] = {1, 7, 33, 513, 4096};

using test::random_vector;

void expect_near_all(const std::vector<float>& a, const std::vector<float>& b, float tol, const std::string& what) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(std::isfinite(a[i])) << what << " element " << i;
    ASSERT_NEAR(a[i], b[i], tol * (1.f + std::fabs(b[i]))) << what << " element " << i;
  }
}

TEST(CudaKernelsEmulated, ElementwiseMatchCpu) {
  for (int64_t n : kSizes) {
    auto a = random_vector(n * 3, 1), b = random_vector(n, 2);
    std::vector<float> cpu_out(n * 3), gpu_out(n * 3);
    for (auto op : {math::BinaryOp::Add, math::BinaryOp::Sub, math::BinaryOp::Mul}) {
      const auto cop = op, gop = op;
      cpu::binary(cop, a.data(), n * 3, b.data(), n, cpu_out.data(), n * 3);
      gpu::binary(gop, a.data(), n * 3, b.data(), n, gpu_out.data(), n * 3, nullptr);
      EXPECT_EQ(cpu_out, gpu_out) << "n=" << n;
      cpu::binary(cop, b.data(), n, a.data(), n * 3, cpu_out.data(), n * 3);  // broadcast operand first
      gpu::binary(gop, b.data(), n, a.data(), n * 3, gpu_out.data(), n * 3, nullptr);
      EXPECT_EQ(cpu_out, gpu_out) << "n=" << n;
    }
    cpu::scale(a.data(), 0.25f, cpu_out.data(), n * 3);
    gpu::scale(a.data(), 0.25f, gpu_out.data(), n * 3, nullptr);
    EXPECT_EQ(cpu_out, gpu_out);
    std::vector<float> acc_cpu = b, acc_gpu = b;
    cpu::add_scaled(acc_cpu.data(), b.data(), -2.f, n);
    gpu::add_scaled(acc_gpu.data(), b.data(), -2.f, n, nullptr);
    EXPECT_EQ(acc_cpu, acc_gpu);
  }
}

TEST(CudaKernelsEmulated, ActivationsMatchCpu) {
  for (int64_t n : kSizes) {
    auto x = random_vector(2 * n, 3), gy = random_vector(2 * n, 4);
    std::vector<float> c(2 * n), g(2 * n), cg(2 * n), gg(2 * n);
    cpu::relu(x.data(), c.data(), 2 * n);
    gpu::relu(x.data(), g.data(), 2 * n, nullptr);
    EXPECT_EQ(c, g);
    cpu::relu_backward(gy.data(), c.data(), cg.data(), 2 * n);
    gpu::relu_backward(gy.data(), g.data(), gg.data(), 2 * n, nullptr);
    EXPECT_EQ(cg, gg);
    cpu::gelu(x.data(), c.data(), 2 * n);
    gpu::gelu(x.data(), g.data(), 2 * n, nullptr);
    expect_near_all(g, c, 1e-6f, "gelu");
    cpu::gelu_backward(gy.data(), x.data(), cg.data(), 2 * n);
    gpu::gelu_backward(gy.data(), x.data(), gg.data(), 2 * n, nullptr);
    expect_near_all(gg, cg, 1e-6f, "gelu_backward");
    std::vector<float> ch(n), gh(n);
    cpu::glu(x.data(), ch.data(), 1, n);
    gpu::glu(x.data(), gh.data(), 1, n, nullptr);
    expect_near_all(gh, ch, 1e-6f, "glu");
    cpu::glu_backward(gy.data(), x.data(), cg.data(), 1, n);
    gpu::glu_backward(gy.data(), x.data(), gg.data(), 1, n, nullptr);
    expect_near_all(gg, cg, 1e-6f, "glu_backward");
  }
}

TEST(CudaKernelsEmulated, DropoutDropsTheSameElementsBitForBit) {
  for (int64_t n : kSizes) {
    auto x = random_vector(n, 5);
    std::vector<float> c(n), g(n);
    cpu::dropout(x.data(), c.data(), n, 0.3f, 1234, 77);
    gpu::dropout(x.data(), g.data(), n, 0.3f, 1234, 77, nullptr);
    EXPECT_EQ(c, g) << "n=" << n;
  }
}

TEST(CudaKernelsEmulated, MaskedSoftmaxMatchesCpu) {
  for (int64_t tk : kSizes) {
    const int64_t batch = 2, inner = 3, tq = std::min<int64_t>(tk, 5);
    const int64_t n = batch * inner * tq * tk;
    auto x = random_vector(n, 6, -10.f, 10.f);
    std::vector<int32_t> pad(batch * tk, 0);
    for (int64_t j = tk / 2 + 1; j < tk; ++j) pad[j] = 1;     // batch 0: second half padded
    for (int64_t j = 0; j < tk; ++j) pad[tk + j] = j > 0;    // batch 1: only key 0 left
    std::vector<float> add = random_vector(tk, 7);
    for (bool causal : {false, true}) {
      std::vector<float> c(n), g(n);
      cpu::softmax(x.data(), c.data(), batch, inner, tq, tk, pad.data(), causal, add.data(), tk);
      gpu::softmax(x.data(), g.data(), batch, inner, tq, tk, pad.data(), causal, add.data(), tk, nullptr);
      expect_near_all(g, c, 1e-6f, "softmax tk=" + std::to_string(tk));
      auto gy = random_vector(n, 8);
      std::vector<float> cg(n), gg(n);
      cpu::softmax_backward(gy.data(), c.data(), cg.data(), n / tk, tk);
      gpu::softmax_backward(gy.data(), g.data(), gg.data(), n / tk, tk, nullptr);
      expect_near_all(gg, cg, 1e-5f, "softmax_backward");
    }
    std::vector<float> c(n), g(n);
    cpu::log_softmax(x.data(), c.data(), n / tk, tk);
    gpu::log_softmax(x.data(), g.data(), n / tk, tk, nullptr);
    expect_near_all(g, c, 1e-5f, "log_softmax");
    auto gy = random_vector(n, 13);
    std::vector<float> cg(n), gg(n);
    cpu::log_softmax_backward(gy.data(), c.data(), cg.data(), n / tk, tk);
    gpu::log_softmax_backward(gy.data(), c.data(), gg.data(), n / tk, tk, nullptr);
    expect_near_all(gg, cg, 1e-4f, "log_softmax_backward");
  }
}

TEST(CudaKernelsEmulated, DecoderAttentionMatchesCpu) {
  for (int64_t capacity : kSizes) {
    for (int64_t head_dim : {1, 7, 64}) {
      const int64_t heads = 3, d = heads * head_dim, rows = 4, entries = 3;
      auto q = random_vector(rows * d, 21), k = random_vector(entries * capacity * d, 22),
           v = random_vector(entries * capacity * d, 23);
      for (float& x : q) x /= std::sqrt(static_cast<float>(head_dim));  // scaled as the model scales queries
      const std::vector<int32_t> row_batch{2, 0, 1, 2};
      const std::vector<int32_t> lengths{static_cast<int32_t>(capacity), 0, static_cast<int32_t>((capacity + 1) / 2)};
      const std::string what = "decoder_attention capacity=" + std::to_string(capacity) + " dh=" + std::to_string(head_dim);
      std::vector<float> c(rows * d), g(rows * d, NAN);
      cpu::decoder_attention(q.data(), k.data(), v.data(), row_batch.data(), lengths.data(), capacity, c.data(), rows,
                             heads, head_dim, capacity * d, d);
      gpu::decoder_attention(q.data(), k.data(), v.data(), row_batch.data(), lengths.data(), capacity, g.data(), rows,
                             heads, head_dim, capacity * d, d, nullptr);
      expect_near_all(g, c, 1e-5f, what + " (shared entries)");
      // One entry per row, every position read.
      auto kr = random_vector(rows * capacity * d, 24), vr = random_vector(rows * capacity * d, 25);
      cpu::decoder_attention(q.data(), kr.data(), vr.data(), nullptr, nullptr, capacity, c.data(), rows, heads,
                             head_dim, capacity * d, d);
      gpu::decoder_attention(q.data(), kr.data(), vr.data(), nullptr, nullptr, capacity, g.data(), rows, heads,
                             head_dim, capacity * d, d, nullptr);
      expect_near_all(g, c, 1e-5f, what + " (uniform)");
    }
  }
}

TEST(CudaKernelsEmulated, DecoderAttentionHalvesMatchCpu) {
  for (int64_t capacity : kSizes) {
    for (int64_t head_dim : {1, 7, 64}) {
      const int64_t heads = 3, d = heads * head_dim, rows = 4, entries = 3;
      auto q = random_vector(rows * d, 41), k = random_vector(entries * capacity * d, 42),
           v = random_vector(entries * capacity * d, 43);
      for (float& x : q) x /= std::sqrt(static_cast<float>(head_dim));
      const std::vector<int32_t> row_batch{2, 0, 1, 2};
      const std::vector<int32_t> lengths{static_cast<int32_t>(capacity), 0, static_cast<int32_t>((capacity + 1) / 2)};
      const std::string what = "capacity=" + std::to_string(capacity) + " dh=" + std::to_string(head_dim);
      std::vector<float> cp(rows * heads * capacity), gp(cp.size(), NAN);
      cpu::decoder_attention_probabilities(q.data(), k.data(), row_batch.data(), lengths.data(), capacity, cp.data(),
                                           rows, heads, head_dim, capacity * d, d);
      gpu::decoder_attention_probabilities(q.data(), k.data(), row_batch.data(), lengths.data(), capacity, gp.data(),
                                           rows, heads, head_dim, capacity * d, d, nullptr);
      expect_near_all(gp, cp, 1e-5f, "decoder_attention_probabilities " + what);
      // Apply the same probabilities on both sides: the weighted sums agree to rounding.
      std::vector<float> co(rows * d), go(rows * d, NAN), fused(rows * d, NAN);
      cpu::decoder_attention_apply(cp.data(), v.data(), row_batch.data(), lengths.data(), capacity, co.data(), rows,
                                   heads, head_dim, capacity * d, d);
      gpu::decoder_attention_apply(cp.data(), v.data(), row_batch.data(), lengths.data(), capacity, go.data(), rows,
                                   heads, head_dim, capacity * d, d, nullptr);
      expect_near_all(go, co, 1e-5f, "decoder_attention_apply " + what);
      // The halves on the device give the device's fused bits.
      gpu::decoder_attention_apply(gp.data(), v.data(), row_batch.data(), lengths.data(), capacity, go.data(), rows,
                                   heads, head_dim, capacity * d, d, nullptr);
      gpu::decoder_attention(q.data(), k.data(), v.data(), row_batch.data(), lengths.data(), capacity, fused.data(),
                             rows, heads, head_dim, capacity * d, d, nullptr);
      EXPECT_EQ(std::memcmp(go.data(), fused.data(), go.size() * sizeof(float)), 0) << what;
    }
  }
}

TEST(CudaKernelsEmulated, CacheAppendMatchesCpuBitForBit) {
  for (int64_t positions : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{33}, int64_t{513}}) {
    const int64_t width = 7, rows = 5, old_rows = 3, cache_capacity = positions + 2, out_capacity = positions + 9;
    auto cache = random_vector(old_rows * cache_capacity * width, 31), step = random_vector(rows * width, 32);
    const std::vector<int32_t> from{2, 0, 0, 1, 2};
    // A reorder into a new cache; positions past the new one stay as they were (NaN).
    std::vector<float> c(rows * out_capacity * width, NAN), g(c.size(), NAN);
    cpu::cache_append(positions ? cache.data() : nullptr, from.data(), step.data(), c.data(), rows, positions,
                      cache_capacity, out_capacity, width);
    gpu::cache_append(positions ? cache.data() : nullptr, from.data(), step.data(), g.data(), rows, positions,
                      cache_capacity, out_capacity, width, nullptr);
    EXPECT_EQ(std::memcmp(g.data(), c.data(), g.size() * sizeof(float)), 0) << "cache_append positions=" << positions;
    // In place (no cache pointer): only the step's position is written.
    std::vector<float> ci = random_vector(rows * cache_capacity * width, 33), gi = ci;
    cpu::cache_append(nullptr, nullptr, step.data(), ci.data(), rows, positions, cache_capacity, cache_capacity, width);
    gpu::cache_append(nullptr, nullptr, step.data(), gi.data(), rows, positions, cache_capacity, cache_capacity, width,
                      nullptr);
    EXPECT_EQ(gi, ci) << "in-place cache_append positions=" << positions;
  }
}

TEST(CudaKernelsEmulated, BiasActivationDropoutMatchesCpu) {
  for (int64_t cols : kSizes) {
    const int64_t rows = 3, n = rows * cols;
    const auto x = random_vector(n, 51), bias = random_vector(cols, 52), gy = random_vector(n, 53);
    for (auto act : {math::Activation::Relu, math::Activation::Gelu})
      for (float p : {0.f, 0.25f}) {
        const std::string what = "cols " + std::to_string(cols) + " p " + std::to_string(p);
        std::vector<float> cpre(n), cy(n), gpre(n, NAN), g_y(n, NAN), cg(n), gg(n, NAN);
        cpu::bias_activation_dropout(x.data(), bias.data(), cpre.data(), cy.data(), rows, cols, act, p, 5, 6);
        gpu::bias_activation_dropout(x.data(), bias.data(), gpre.data(), g_y.data(), rows, cols, act, p, 5, 6,
                                     nullptr);
        EXPECT_EQ(gpre, cpre) << what;  // one float add
        expect_near_all(g_y, cy, 1e-6f, what);
        cpu::bias_activation_dropout_backward(gy.data(), cpre.data(), cg.data(), n, act, p, 5, 6);
        gpu::bias_activation_dropout_backward(gy.data(), cpre.data(), gg.data(), n, act, p, 5, 6, nullptr);
        expect_near_all(gg, cg, 1e-6f, what + " backward");
        // The same elements dropped: zeros in the same places.
        for (int64_t i = 0; i < n; ++i) ASSERT_EQ(g_y[i] == 0.f, cy[i] == 0.f) << what << " element " << i;
      }
  }
}

TEST(CudaKernelsEmulated, DecodingRulesMatchCpuBitForBit) {
  for (int64_t vocab : kSizes) {
    const int64_t rows = 7;
    const auto logp = random_vector(rows * vocab, 41, -12.f, 0.f);
    std::vector<int32_t> flags(rows);
    for (int64_t r = 0; r < rows; ++r) flags[r] = static_cast<int32_t>(r % 4);  // every combination
    for (const bool no_unk : {false, true}) {
      math::DecodingRules rules;
      rules.unk_penalty = 1.25f;
      rules.no_unk = no_unk;
      std::vector<float> c = logp, g = logp;
      cpu::apply_decoding_rules(c.data(), flags.data(), rows, vocab, rules);
      gpu::apply_decoding_rules(g.data(), flags.data(), rows, vocab, rules, nullptr);
      EXPECT_EQ(std::memcmp(g.data(), c.data(), c.size() * sizeof(float)), 0) << "vocab " << vocab;
    }
  }
}

TEST(CudaKernelsEmulated, FullyMaskedSoftmaxRowIsZeroNotNan) {
  std::vector<float> x{1, 2, 3}, y(3, NAN);
  std::vector<int32_t> pad{1, 1, 1};
  gpu::softmax(x.data(), y.data(), 1, 1, 1, 3, pad.data(), false, nullptr, 0, nullptr);
  EXPECT_EQ(y, (std::vector<float>{0, 0, 0}));
}

TEST(CudaKernelsEmulated, LayerNormForwardBackwardMatchCpu) {
  for (int64_t cols : kSizes) {
    const int64_t rows = cols == 4096 ? 3 : 70;  // 70 rows span two 64-row blocks
    auto x = random_vector(rows * cols, 9, -2.f, 4.f), gamma = random_vector(cols, 10), beta = random_vector(cols, 11);
    std::vector<float> cy(rows * cols), gyv(rows * cols), cm(rows), cr(rows), gm(rows), gr(rows);
    cpu::layer_norm(x.data(), gamma.data(), beta.data(), cy.data(), cm.data(), cr.data(), rows, cols, 1e-5f);
    gpu::layer_norm(x.data(), gamma.data(), beta.data(), gyv.data(), gm.data(), gr.data(), rows, cols, 1e-5f, nullptr);
    expect_near_all(gyv, cy, 1e-5f, "layer_norm y");
    expect_near_all(gr, cr, 1e-5f, "layer_norm rstd");
    auto dy = random_vector(rows * cols, 12);
    std::vector<float> cdx(rows * cols), cdg(cols), cdb(cols), gdx(rows * cols), gdg(cols), gdb(cols);
    std::vector<float> scratch(gpu::layer_norm_backward_scratch_floats(rows, cols));
    std::vector<float> cpu_scratch(cpu::layer_norm_backward_scratch(rows, cols));
    cpu::layer_norm_backward(dy.data(), x.data(), gamma.data(), cm.data(), cr.data(), cdx.data(), cdg.data(),
                             cdb.data(), rows, cols, cpu_scratch.data());
    gpu::layer_norm_backward(dy.data(), x.data(), gamma.data(), gm.data(), gr.data(), gdx.data(), gdg.data(),
                             gdb.data(), rows, cols, scratch.data(), nullptr);
    expect_near_all(gdx, cdx, 1e-4f, "layer_norm dx");
    expect_near_all(gdg, cdg, 1e-4f, "layer_norm dgamma");
    expect_near_all(gdb, cdb, 1e-5f, "layer_norm dbeta");
  }
}

}  // namespace
}  // namespace ventris

// The GEMM autocast (ops/autocast.h): the cast kernel writes the 16-bit
// patterns of math/autocast.h, and the emulated GEMM (cast, widen, CPU GEMM)
// equals the CPU kernel (round, CPU GEMM) bit for bit — the CPU is the exact
// reference for the device's numerics, up to cuBLAS's summation order.
namespace ventris {
namespace {

TEST(CudaKernelsEmulated, GemmAutocastCastAndGemmMatchCpuBitForBit) {
  for (auto p : {math::GemmPrecision::BF16, math::GemmPrecision::F16}) {
    for (int64_t n : kSizes) {
      auto x = random_vector(n, 90, -70000.f, 70000.f);  // beyond f16's range too
      for (int64_t i = 0; i < n; i += 5) x[i] *= 1e-9f;  // and into its subnormals
      std::vector<uint16_t> bits(n);
      gpu::cast_to_half(p, x.data(), bits.data(), n, nullptr);
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(bits[i], math::to_half_bits(p, x[i])) << "n=" << n << " i=" << i;
    }
    unsigned seed = 91;
    for (int64_t m : {1, 7, 33})
      for (int64_t k : {1, 33, 513})
        for (bool ta : {false, true})
          for (bool tb : {false, true}) {
            const int64_t n = 7, batch = 3;
            // A batched, B shared by the batch (stride 0), C accumulated: alpha and beta both in play.
            const auto a = random_vector(batch * m * k, seed++), b = random_vector(k * n, seed++);
            const auto c0 = random_vector(batch * m * n, seed++);
            std::vector<float> c_cpu = c0, c_gpu = c0;
            std::vector<char> s_cpu(cpu::gemm_autocast_scratch_bytes(a.size(), b.size()));
            std::vector<char> s_gpu(gpu::gemm_autocast_scratch_bytes(a.size(), b.size()));
            const int64_t lda = ta ? m : k, ldb = tb ? k : n;
            cpu::gemm_autocast(p, ta, tb, m, n, k, 0.5f, a.data(), lda, m * k, a.size(), b.data(), ldb, 0, b.size(),
                               0.25f, c_cpu.data(), n, m * n, batch, s_cpu.data());
            gpu::gemm_autocast(p, ta, tb, m, n, k, 0.5f, a.data(), lda, m * k, a.size(), b.data(), ldb, 0, b.size(),
                               0.25f, c_gpu.data(), n, m * n, batch, s_gpu.data(), nullptr);
            ASSERT_EQ(c_gpu, c_cpu) << "m=" << m << " k=" << k << " ta=" << ta << " tb=" << tb;
          }
  }
}

}  // namespace
}  // namespace ventris
