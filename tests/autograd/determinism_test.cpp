// A small transformer-like forward + backward gives the same bits with 1 and
// 2 threads (our kernels split work by outputs; oneDNN GEMMs are thread-count
// independent on these shapes; dropout is counter-based).
#include <gtest/gtest.h>

#include "../ops/op_test_util.h"
#include "autograd/derivatives.h"
#include "autograd/parameters.h"
#include "core/gemm.h"
#include "core/threads.h"
#include "optim/adam_optimizer.h"
#include "optim/grad_norm.h"

namespace ventris {
namespace {

std::vector<std::vector<float>> train_step_gradients() {
  ag::ParameterSet params;
  auto emb = params.add("embed", test::random_tensor({50, 64}, 1, -0.1f, 0.1f));
  auto w1 = params.add("ffn.fc1", test::random_tensor({256, 64}, 2, -0.1f, 0.1f));
  auto w2 = params.add("ffn.fc2", test::random_tensor({64, 256}, 3, -0.1f, 0.1f));
  auto g = params.add("ln.gamma", Tensor::full({64}, 1.f)), b = params.add("ln.beta", Tensor::zeros({64}));
  Tensor ids = test::random_ids({8, 33}, 50, 4);
  ag::Var x = ag::embedding(emb, ids, 0);                                            // [B, T, D]
  ag::Var scores = ag::softmax(ag::scale(ag::matmul(x, x, false, true), 0.125f), {Tensor(), true, Tensor()});
  ag::Var h = ag::add(x, ag::matmul(scores, x));                                     // attention-like mixing
  h = ag::layer_norm(h, g, b);
  ag::Var f = ag::matmul(ag::dropout(ag::relu(ag::matmul(h, w1, false, true)), 0.1f, 7, 1), w2, false, true);
  ag::Var logits = ag::matmul(ag::reshape(ag::add(h, f), {-1, 64}), emb, false, true);  // tied output
  auto ce = ag::label_smoothed_cross_entropy(logits, ids.reshape({-1}), 0.1f, 0);
  ag::backward(ce.loss);
  std::vector<std::vector<float>> out{{ce.loss.value().item()}};
  for (const auto& [name, p] : params.items()) out.push_back(p.grad().to_vector<float>());
  return out;
}

TEST(Determinism, ForwardBackwardSameBitsAtOneAndTwoThreads) {
  const gemm::Backend saved_backend = gemm::backend();
  const int saved = num_threads();
  for (gemm::Backend backend : gemm::available_backends()) {
    gemm::set_backend(backend);
    set_num_threads(1);
    auto one = train_step_gradients();
    set_num_threads(2);
    auto two = train_step_gradients();
    auto again = train_step_gradients();
    ASSERT_EQ(one.size(), two.size());
    for (size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(one[i], two[i]) << "tensor " << i << " differs between 1 and 2 threads (" << gemm::backend_name(backend) << ")";
      EXPECT_EQ(two[i], again[i]) << "tensor " << i << " differs run to run (" << gemm::backend_name(backend) << ")";
    }
  }
  set_num_threads(saved);
  gemm::set_backend(saved_backend);
}

// Clipping and AdamW over a parameter large enough for the update loop to run
// in parallel: elementwise work and a fixed-order double norm give the same
// bits at any thread count.
std::vector<float> optimizer_steps() {
  ag::ParameterSet params;
  ag::Var w = params.add("w", test::random_tensor({300, 301}, 21));
  optim::Adam adam(params, {0.9, 0.98, 1e-8, 0.01, true});
  for (int step = 0; step < 3; ++step) {
    params.zero_grad();
    ag::backward(w, test::random_tensor({300, 301}, 30 + static_cast<uint32_t>(step), -5.f, 5.f));
    optim::clip_gradients(params, 1.0);
    adam.step(1e-3);
  }
  return w.value().to_vector<float>();
}

TEST(Determinism, ClipAndAdamSameBitsAtOneAndTwoThreads) {
  const int saved = num_threads();
  set_num_threads(1);
  auto one = optimizer_steps();
  set_num_threads(2);
  auto two = optimizer_steps();
  set_num_threads(saved);
  EXPECT_EQ(one, two);
}

}  // namespace
}  // namespace ventris
