#include "pytorch_reference.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

#include "autograd/grad_mode.h"
#include "cli/run_binary.h"
#include "io/safetensors.h"
#include "models/model_factory.h"

namespace ventris::test {

constexpr int32_t kPad = 1;

// Right-padded batch of three sentences with different lengths.
models::Batch sample_batch(int64_t vocab) {
  std::vector<int32_t> src{5, 9, 3, 2, kPad, 7, 2, kPad, kPad, kPad, 4, 11, 6, 8, 2};
  std::vector<int32_t> tin{2, 12, 6, kPad, 2, 10, kPad, kPad, 2, 5, 7, 13};
  std::vector<int32_t> tout{12, 6, 2, kPad, 10, 2, kPad, kPad, 5, 7, 13, 2};
  for (auto* v : {&src, &tin, &tout})
    for (auto& id : *v) id = id % static_cast<int32_t>(vocab);
  return {Tensor::from_vector(src, {3, 5}), Tensor::from_vector(tin, {3, 4}), Tensor::from_vector(tout, {3, 4})};
}

namespace {

bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0; }

}  // namespace

void compare_with_pytorch(const models::ModelConfig& config, const nlohmann::json& family_json) {
  if (!torch_available()) GTEST_SKIP() << "python3-torch not installed (scripts/setup.sh installs it): reference check skipped";
  const models::Vocab vocab{19, 19, kPad};
  const auto owner = models::make_model(config, vocab, 42);
  models::EncoderDecoder& model = *owner;
  models::Batch batch = sample_batch(19);
  nn::ForwardContext ctx;  // evaluation mode: no dropout
  models::LossOutput out = model.loss(batch, 0.1f, ctx);
  ag::backward(out.loss);

  test::ScopedTempDir tmp("ventris-ref");
  io::NamedTensors tensors;
  std::vector<std::string> names;
  for (const auto& [name, p] : model.parameters().items()) {
    tensors.emplace_back(name, p.value());
    names.push_back(name);
  }
  tensors.emplace_back("batch.src", batch.src);
  tensors.emplace_back("batch.tgt_in", batch.tgt_in);
  tensors.emplace_back("batch.tgt_out", batch.tgt_out);
  nlohmann::json ref = {{"pad_id", kPad},
                        {"label_smoothing", 0.1},
                        {"model",
                         {{"d_model", config.d_model},
                          {"heads", config.heads},
                          {"encoder_layers", config.encoder_layers},
                          {"decoder_layers", config.decoder_layers},
                          {"normalize_before", config.normalize_before},
                          {"share_embeddings", std::string(config::enum_name(config.share_embeddings))},
                          {"activation", std::string(config::enum_name(config.activation))},
                          {"positions", std::string(config::enum_name(config.positions))},
                          {"lazy_blocks_enc", config.lazy.blocks_enc},
                          {"lazy_blocks_dec_self", config.lazy.blocks_dec_self},
                          {"lazy_blocks_dec_cross", config.lazy.blocks_dec_cross}}}};
  ref["model"].update(family_json);
  io::write_safetensors(tmp / "in.safetensors", tensors, {{"reference", ref.dump()}});
  const std::string cmd = "/usr/bin/python3 " + std::string(VENTRIS_SOURCE_DIR) +
                          "/tests/reference/" + config.arch + "_reference.py " + (tmp / "in.safetensors") + " " +
                          (tmp / "out.safetensors");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  io::TensorFile expected = io::read_safetensors(tmp / "out.safetensors");

  if (expected.contains("encoder_out")) {
    ag::NoGradGuard no_grad;
    nn::ForwardContext eval;
    const auto ours = model.encode(batch.src, eval).value().to_vector<float>();
    const auto theirs = expected.at("encoder_out").to_vector<float>();
    ASSERT_EQ(ours.size(), theirs.size());
    for (size_t i = 0; i < ours.size(); ++i) EXPECT_NEAR(ours[i], theirs[i], 1e-4) << "encoder output " << i;
  }
  const float torch_loss = expected.at("loss").to_vector<float>()[0];
  EXPECT_NEAR(out.loss.value().item(), torch_loss, 1e-5 * std::fabs(torch_loss));
  EXPECT_NEAR(out.nll.item(), expected.at("nll").to_vector<float>()[0], 1e-5 * std::fabs(torch_loss));
  for (const std::string& name : names) {
    const Tensor& ours = model.parameters().at(name).grad();
    const auto b = expected.at("grad." + name).to_vector<float>();
    if (!ours.defined()) {
      // A parameter the loss does not reach (with pre-norm, the norm in
      // front of a lazy cross-attention: its output reads only the encoder
      // output). PyTorch must agree that nothing reaches it.
      for (float v : b) ASSERT_EQ(v, 0.f) << name << " has no gradient here but one in PyTorch";
      continue;
    }
    const auto a = ours.to_vector<float>();
    // Relative to the tensor's largest entry, floored at 1e-3: the key-projection
    // bias has an exactly zero true gradient (a constant shift of every score
    // in a softmax row), so both sides hold rounding noise there.
    double scale = 1e-3, worst = 0;
    for (float v : b) scale = std::max(scale, static_cast<double>(std::fabs(v)));
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]) / scale);
    EXPECT_LE(worst, 1e-4) << "gradient of " << name << " (relative to its largest entry)";
    if (name.ends_with("k_proj.bias")) {
      for (float v : a) EXPECT_LT(std::fabs(v), 1e-6) << name << " should have a zero gradient";
    }
  }
}

}  // namespace ventris::test
