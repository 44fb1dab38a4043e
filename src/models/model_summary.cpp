#include "models/model_summary.h"

#include <algorithm>

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "ops/mult_add_counter.h"

namespace ventris::models {

namespace {

// "encoder.layers.3.self_attn.q_proj.weight" -> "encoder.layers.3";
// "encoder.layer_norm.weight" -> "encoder.layer_norm".
std::string group_of(const std::string& name) {
  if (is_embedding_parameter(name)) return "embeddings";
  for (const char* stack : {"encoder.layers.", "decoder.layers."})
    if (name.rfind(stack, 0) == 0) return name.substr(0, name.find('.', std::string(stack).size()));
  const size_t last = name.rfind('.');
  return last == std::string::npos ? name : name.substr(0, last);
}

// [1, length] I32, every token `id`.
Tensor sentence(int64_t length, int32_t id, Device device) {
  return Tensor::from_vector(std::vector<int32_t>(static_cast<size_t>(length), id), Shape{1, length}).to(device);
}

}  // namespace

bool is_embedding_parameter(const std::string& name) {
  return name.find(".embed_tokens.") != std::string::npos || name.find(".embed_positions.") != std::string::npos ||
         name.find("output_projection") != std::string::npos;
}

ModelSummary summarize(const EncoderDecoder& model, int64_t length) {
  VENTRIS_CHECK(length >= 1 && length < model.config().max_positions,
                "the sentence length must be in [1, model.max_positions = {}), got {}", model.config().max_positions,
                length);
  ModelSummary s;
  s.length = length;
  for (const auto& [name, var] : model.parameters().items()) {
    const int64_t n = var.value().numel();
    s.parameters += n;
    if (is_embedding_parameter(name)) s.embedding_parameters += n;
    const std::string group = group_of(name);
    auto it = std::find_if(s.groups.begin(), s.groups.end(), [&](const ParameterGroup& g) { return g.name == group; });
    if (it == s.groups.end()) s.groups.push_back({group, n});
    else it->count += n;
  }

  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  const Vocab& vocab = model.vocab();
  const int32_t token = vocab.pad_id == 0 ? 1 : 0;  // any id but padding: every position costs the same
  const Tensor src = sentence(length, token, model.device());
  ag::Var encoded;
  {
    ops::MultAddCounter encoder;
    encoded = model.encode(src, eval);
    s.encoder_mult_adds = encoder.total();
  }
  ops::MultAddCounter decoder;
  model.decode(encoded, model.padding_mask(src), sentence(length, token, model.device()), eval);
  s.output_mult_adds = length * model.config().d_model * vocab.tgt_size;
  s.decoder_mult_adds = decoder.total() - s.output_mult_adds;
  return s;
}

}  // namespace ventris::models
