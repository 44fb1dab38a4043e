#include "models/model_file.h"
#include "models/transformer/transformer.h"

#include <gtest/gtest.h>

#include "error_message.h"

#include "autograd/grad_mode.h"
#include "cli/run_binary.h"
#include "core/version.h"
#include "io/safetensors.h"

namespace ventris::models {
namespace {

ModelConfig small_config() {
  ModelConfig c;
  c.encoder_layers = 1;
  c.decoder_layers = 2;
  c.d_model = 8;
  c.ffn_dim = 12;
  c.heads = 2;
  c.share_embeddings = ShareEmbeddings::kDecoderInOut;
  return c;
}

Batch batch() {
  return {Tensor::from_vector<int32_t>({4, 5, 2, 6, 2, 1}, {2, 3}), Tensor::from_vector<int32_t>({2, 7, 2, 8}, {2, 2}),
          Tensor::from_vector<int32_t>({7, 2, 8, 2}, {2, 2})};
}

float loss_of(EncoderDecoder& m) {
  ag::NoGradGuard no_grad;
  nn::ForwardContext ctx;
  return m.loss(batch(), 0.1f, ctx).loss.value().item();
}

using test::error_of;

TEST(ModelFile, SaveLoadGivesIdenticalOutputsAndConfig) {
  test::ScopedTempDir tmp("ventris-model");
  Transformer model(small_config(), {11, 9, 1}, 3);
  save_model(tmp / "m.safetensors", model, "src-sum", "tgt-sum");
  ModelFileInfo info;
  auto loaded = load_model(tmp / "m.safetensors", &info);
  EXPECT_EQ(loss_of(*loaded), loss_of(model));  // bit for bit
  EXPECT_EQ(info.config.decoder_layers, 2);
  EXPECT_EQ(info.config.share_embeddings, ShareEmbeddings::kDecoderInOut);
  EXPECT_EQ(info.vocab.src_size, 11);
  EXPECT_EQ(info.vocab.tgt_size, 9);
  EXPECT_EQ(info.src_vocab_checksum, "src-sum");
  EXPECT_EQ(info.format_version, kFileFormatVersion);
  EXPECT_NO_THROW(require_vocabularies(info, "src-sum", "tgt-sum", "m"));
  std::string e = error_of([&] { require_vocabularies(info, "src-sum", "other", "m.safetensors"); });
  EXPECT_NE(e.find("other vocabularies"), std::string::npos) << e;
  EXPECT_NE(e.find("tgt-sum"), std::string::npos) << e;
}

TEST(ModelFile, EmbedsSentencePieceModelsJointStoredOnce) {
  test::ScopedTempDir tmp("ventris-model");
  Transformer model(small_config(), {11, 9, 1}, 3);
  std::string blob(1000, '\0');
  for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>(i * 31);
  save_model(tmp / "joint.safetensors", model, ModelVocabularies{"a", "b", blob, blob});
  ModelFileInfo info = read_model_info(tmp / "joint.safetensors");
  EXPECT_EQ(info.src_spm, blob);
  EXPECT_EQ(info.tgt_spm, blob);
  EXPECT_EQ(io::read_safetensors_metadata(tmp / "joint.safetensors").at("tgt_spm_model"), "=src");
  save_model(tmp / "separate.safetensors", model, ModelVocabularies{"a", "b", blob, "other"});
  info = read_model_info(tmp / "separate.safetensors");
  EXPECT_EQ(info.src_spm, blob);
  EXPECT_EQ(info.tgt_spm, "other");
  save_model(tmp / "none.safetensors", model);
  EXPECT_TRUE(read_model_info(tmp / "none.safetensors").src_spm.empty());
}

TEST(ModelFile, OtherFormatVersionWrongKindAndMissingParameters) {
  test::ScopedTempDir tmp("ventris-model");
  Transformer model(small_config(), {11, 9, 1}, 3);
  save_model(tmp / "m.safetensors", model);
  io::TensorFile file = io::read_safetensors(tmp / "m.safetensors");

  io::Metadata future = file.metadata;
  future["format_version"] = "99";
  io::write_safetensors(tmp / "future.safetensors", file.tensors, future);
  std::string e1 = error_of([&] { load_model(tmp / "future.safetensors"); });
  EXPECT_NE(e1.find("format version 99"), std::string::npos) << e1;

  io::write_safetensors(tmp / "plain.safetensors", file.tensors, {});
  EXPECT_NE(error_of([&] { load_model(tmp / "plain.safetensors"); }).find("not a ventris model"), std::string::npos);

  io::NamedTensors fewer(file.tensors.begin() + 1, file.tensors.end());
  io::write_safetensors(tmp / "fewer.safetensors", fewer, file.metadata);
  std::string e3 = error_of([&] { load_model(tmp / "fewer.safetensors"); });
  EXPECT_NE(e3.find("missing from the model file"), std::string::npos) << e3;

  io::NamedTensors more = file.tensors;
  more.emplace_back("decoder.extra", Tensor::zeros({2}));
  io::write_safetensors(tmp / "more.safetensors", more, file.metadata);
  EXPECT_NE(error_of([&] { load_model(tmp / "more.safetensors"); }).find("do not belong"), std::string::npos);
}

}  // namespace
}  // namespace ventris::models
