#include "decode/tiny_translation_model.h"

#include <algorithm>

#include "models/model_file.h"
#include "optim/adam_optimizer.h"

namespace ventris::decode::test {

namespace {

const std::vector<std::pair<std::string, std::string>> kPairs{
    {"one", "eins"},
    {"two five", "zwei fünf"},
    {"three one four", "drei eins vier"},
    {"six", "sechs"},
    {"four four", "vier vier"},
    {"five six one", "fünf sechs eins"},
    {"two", "zwei"},
    {"one three", "eins drei"},
    {"six two four five", "sechs zwei vier fünf"},
    {"three", "drei"},
    {"five two", "fünf zwei"},
    {"four one six", "vier eins sechs"},
};

models::Batch make_batch(const data::SpmVocab& vocab) {
  std::vector<std::vector<int32_t>> src, tgt;
  size_t s_len = 0, t_len = 0;
  for (const auto& [s, t] : kPairs) {
    src.push_back(vocab.encode(s));
    src.back().push_back(data::kEosId);
    tgt.push_back(vocab.encode(t));
    s_len = std::max(s_len, src.back().size());
    t_len = std::max(t_len, tgt.back().size() + 1);
  }
  const auto b = static_cast<int64_t>(kPairs.size());
  std::vector<int32_t> s_ids(b * s_len, data::kPadId), tin(b * t_len, data::kPadId), tout(b * t_len, data::kPadId);
  for (size_t i = 0; i < kPairs.size(); ++i) {
    std::copy(src[i].begin(), src[i].end(), s_ids.begin() + i * s_len);
    tin[i * t_len] = data::kEosId;
    std::copy(tgt[i].begin(), tgt[i].end(), tin.begin() + i * t_len + 1);
    std::copy(tgt[i].begin(), tgt[i].end(), tout.begin() + i * t_len);
    tout[i * t_len + tgt[i].size()] = data::kEosId;
  }
  return {Tensor::from_vector(s_ids, {b, static_cast<int64_t>(s_len)}),
          Tensor::from_vector(tin, {b, static_cast<int64_t>(t_len)}),
          Tensor::from_vector(tout, {b, static_cast<int64_t>(t_len)})};
}

TinyTranslationSetup build() {
  TinyTranslationSetup setup;
  std::vector<std::string> text;
  for (const auto& [s, t] : kPairs) {
    setup.sources.push_back(s);
    setup.targets.push_back(t);
    text.push_back(s);
    text.push_back(t);
  }
  data::SpmTrainOptions spm;
  spm.vocab_size = 40;
  setup.vocab = std::make_unique<data::SpmVocab>(data::SpmVocab::train(text, spm));

  models::ModelConfig c;
  c.encoder_layers = 2;
  c.decoder_layers = 2;
  c.d_model = 32;
  c.ffn_dim = 64;
  c.heads = 4;
  c.dropout = 0.0;
  c.share_embeddings = models::ShareEmbeddings::kAll;
  c.max_positions = 64;
  const int64_t v = setup.vocab->size();
  setup.model = std::make_unique<models::Transformer>(c, models::Vocab{v, v, data::kPadId}, 11);
  const models::Batch batch = make_batch(*setup.vocab);
  optim::Adam adam(setup.model->parameters(), {0.9, 0.98, 1e-9, 0.0, true});
  for (int step = 0; step < 250; ++step) {
    setup.model->parameters().zero_grad();
    nn::ForwardContext ctx;
    models::LossOutput out = setup.model->loss(batch, 0.0f, ctx);
    ag::backward(ag::scale(out.loss, 1.f / static_cast<float>(out.tokens)));
    adam.step(5e-3);
  }
  return setup;
}

}  // namespace

std::vector<std::vector<int32_t>> TinyTranslationSetup::source_ids() const {
  std::vector<std::vector<int32_t>> ids;
  for (const auto& s : sources) ids.push_back(vocab->encode(s));
  return ids;
}

const TinyTranslationSetup& tiny_translation_setup() {
  static const TinyTranslationSetup setup = build();
  return setup;
}

void save_tiny_model(const std::string& path) {
  const TinyTranslationSetup& s = tiny_translation_setup();
  models::save_model(path, *s.model,
                     models::ModelVocabularies{s.vocab->checksum(), s.vocab->checksum(), s.vocab->serialized(),
                                               s.vocab->serialized()});
}

}  // namespace ventris::decode::test
