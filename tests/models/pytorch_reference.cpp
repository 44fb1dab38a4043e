#include "models/pytorch_reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "cli/run_binary.h"
#include "io/safetensors.h"

namespace ventris::test {

bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0; }

void expect_matches_pytorch(models::EncoderDecoder& model, const models::Batch& batch, const std::string& script,
                            nlohmann::json model_json, double tolerance) {
  if (!torch_available()) GTEST_SKIP() << "python3-torch not installed (scripts/setup.sh installs it): reference check skipped";
  const models::ModelConfig& config = model.config();
  nn::ForwardContext ctx;  // evaluation mode: no dropout
  models::LossOutput out = model.loss(batch, 0.1f, ctx);
  ag::backward(out.loss);

  ScopedTempDir tmp("ventris-ref");
  io::NamedTensors tensors;
  std::vector<std::string> names;
  for (const auto& [name, p] : model.parameters().items()) {
    tensors.emplace_back(name, p.value());
    names.push_back(name);
  }
  tensors.emplace_back("batch.src", batch.src);
  tensors.emplace_back("batch.tgt_in", batch.tgt_in);
  tensors.emplace_back("batch.tgt_out", batch.tgt_out);
  model_json.update({{"d_model", config.d_model},
                     {"heads", config.heads},
                     {"encoder_layers", config.encoder_layers},
                     {"decoder_layers", config.decoder_layers},
                     {"normalize_before", config.normalize_before},
                     {"share_embeddings", std::string(config::enum_name(config.share_embeddings))},
                     {"activation", std::string(config::enum_name(config.activation))},
                     {"positions", std::string(config::enum_name(config.positions))}});
  const nlohmann::json ref = {{"pad_id", model.vocab().pad_id}, {"label_smoothing", 0.1}, {"model", model_json}};
  io::write_safetensors(tmp / "in.safetensors", tensors, {{"reference", ref.dump()}});
  const std::string cmd = "/usr/bin/python3 " + std::string(VENTRIS_SOURCE_DIR) + "/tests/reference/" + script + " " +
                          (tmp / "in.safetensors") + " " + (tmp / "out.safetensors");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  io::TensorFile expected = io::read_safetensors(tmp / "out.safetensors");

  const float torch_loss = expected.at("loss").to_vector<float>()[0];
  EXPECT_NEAR(out.loss.value().item(), torch_loss, 1e-5 * std::fabs(torch_loss));
  EXPECT_NEAR(out.nll.item(), expected.at("nll").to_vector<float>()[0], 1e-5 * std::fabs(torch_loss));
  for (const std::string& name : names) {
    const Tensor& ours = model.parameters().at(name).grad();
    ASSERT_TRUE(ours.defined()) << name << " has no gradient";
    auto a = ours.to_vector<float>(), b = expected.at("grad." + name).to_vector<float>();
    // Relative to the tensor's largest entry, floored at 1e-3: the key-projection
    // bias has an exactly zero true gradient (a constant shift of every score
    // in a softmax row), so both sides hold rounding noise there.
    double scale = 1e-3, worst = 0;
    for (float v : b) scale = std::max(scale, static_cast<double>(std::fabs(v)));
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]) / scale);
    EXPECT_LE(worst, tolerance) << "gradient of " << name << " (relative to its largest entry)";
    if (name.ends_with("k_proj.bias")) {
      for (float v : a) EXPECT_LT(std::fabs(v), 1e-6) << name << " should have a zero gradient";
    }
  }
}

}  // namespace ventris::test
