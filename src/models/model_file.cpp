#include "models/model_file.h"

#include <yaml-cpp/yaml.h>

#include "core/error.h"
#include "core/version.h"
#include "io/base64.h"
#include "io/safetensors.h"

namespace ventris::models {

namespace {
constexpr const char* kKind = "ventris-model";

std::string config_yaml(ModelConfig& config) {
  config::Schema schema;
  config.describe(schema);
  return schema.dump();
}

int parse_int(const io::Metadata& meta, const char* key, const std::string& path) {
  auto it = meta.find(key);
  VENTRIS_CHECK(it != meta.end(), "{}: not a ventris model (metadata '{}' missing)", path, key);
  try {
    return std::stoi(it->second);
  } catch (const std::exception&) {
    throw Error(fmt::format("{}: metadata '{}' is not a number: '{}'", path, key, it->second));
  }
}
}  // namespace

io::Metadata model_metadata(EncoderDecoder& model, const ModelVocabularies& vocabularies) {
  ModelConfig config = model.config();
  io::Metadata meta{{"kind", kKind},
                    {"format_version", std::to_string(kFileFormatVersion)},
                    {"ventris_version", version_string()},
                    {"model_config", config_yaml(config)},
                    {"src_vocab_size", std::to_string(model.vocab().src_size)},
                    {"tgt_vocab_size", std::to_string(model.vocab().tgt_size)},
                    {"pad_id", std::to_string(model.vocab().pad_id)},
                    {"src_vocab_checksum", vocabularies.src_checksum},
                    {"tgt_vocab_checksum", vocabularies.tgt_checksum}};
  // A joint vocabulary is stored once.
  if (!vocabularies.src_spm.empty()) meta["src_spm_model"] = io::base64_encode(vocabularies.src_spm);
  if (!vocabularies.tgt_spm.empty())
    meta["tgt_spm_model"] =
        vocabularies.tgt_spm == vocabularies.src_spm ? "=src" : io::base64_encode(vocabularies.tgt_spm);
  return meta;
}

std::string save_model(const std::string& path, EncoderDecoder& model, const ModelVocabularies& vocabularies) {
  const io::Metadata meta = model_metadata(model, vocabularies);
  io::NamedTensors tensors;
  for (const auto& [name, p] : model.parameters().items()) tensors.emplace_back(name, p.value());
  return io::write_safetensors(path, tensors, meta);
}

ModelFileInfo read_model_info(const std::string& path) {
  return parse_model_metadata(io::read_safetensors_metadata(path), path);
}

ModelFileInfo parse_model_metadata(const io::Metadata& meta, const std::string& path) {
  auto kind = meta.find("kind");
  VENTRIS_CHECK(kind != meta.end() && kind->second == kKind, "{}: not a ventris model file", path);
  ModelFileInfo info;
  info.format_version = parse_int(meta, "format_version", path);
  VENTRIS_CHECK(info.format_version == kFileFormatVersion,
                "{}: model format version {} is not supported by this build (version {}); convert or retrain it",
                path, info.format_version, kFileFormatVersion);
  config::Schema schema;
  info.config.describe(schema);
  try {
    schema.apply_yaml(YAML::Load(meta.at("model_config")), path + " (model_config)");
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}: corrupt model_config metadata: {}", path, e.msg));
  }
  info.vocab = {parse_int(meta, "src_vocab_size", path), parse_int(meta, "tgt_vocab_size", path),
                parse_int(meta, "pad_id", path)};
  info.src_vocab_checksum = meta.count("src_vocab_checksum") ? meta.at("src_vocab_checksum") : "";
  info.tgt_vocab_checksum = meta.count("tgt_vocab_checksum") ? meta.at("tgt_vocab_checksum") : "";
  if (auto it = meta.find("src_spm_model"); it != meta.end())
    info.src_spm = io::base64_decode(it->second, path + " (src_spm_model)");
  if (auto it = meta.find("tgt_spm_model"); it != meta.end())
    info.tgt_spm = it->second == "=src" ? info.src_spm : io::base64_decode(it->second, path + " (tgt_spm_model)");
  return info;
}

std::string parameter_difference(const io::TensorFile& file, const ag::ParameterSet& params) {
  for (const auto& [name, p] : params.items()) {
    if (!file.contains(name)) return fmt::format("parameter '{}' is missing from the model file", name);
    const Tensor& t = file.at(name);
    if (t.shape() != p.shape() || t.dtype() != DType::F32)
      return fmt::format("parameter '{}' is {} {} in the file but {} now", name, t.shape().str(),
                         dtype_name(t.dtype()), p.shape().str());
  }
  if (file.tensors.size() != params.size()) {
    for (const auto& [name, t] : file.tensors)
      if (!params.contains(name))
        return fmt::format("{} tensors in the file do not belong to this model (first: '{}')",
                           file.tensors.size() - params.size(), name);
  }
  return "";
}

void load_parameters(const io::TensorFile& file, EncoderDecoder& model) {
  const std::string difference = parameter_difference(file, model.parameters());
  VENTRIS_CHECK(difference.empty(), "{}: {}", file.path, difference);
  for (const auto& [name, p] : model.parameters().items()) {
    Tensor dst = p.value();
    dst.copy_from(file.at(name));  // copies across devices too
  }
}

void load_parameters(const std::string& path, EncoderDecoder& model) { load_parameters(io::read_safetensors(path), model); }

std::unique_ptr<EncoderDecoder> load_model(const std::string& path, ModelFileInfo* info_out) {
  ModelFileInfo info = read_model_info(path);
  auto model = make_model(info.config, info.vocab, /*seed=*/0);
  load_parameters(path, *model);
  if (info_out) *info_out = std::move(info);
  return model;
}

void require_vocabularies(const ModelFileInfo& info, const std::string& src_checksum, const std::string& tgt_checksum,
                          const std::string& path) {
  VENTRIS_CHECK(info.src_vocab_checksum == src_checksum && info.tgt_vocab_checksum == tgt_checksum,
                "{}: the model was trained with other vocabularies (model source/target checksums {}/{}, data {}/{})",
                path, info.src_vocab_checksum, info.tgt_vocab_checksum, src_checksum, tgt_checksum);
}

}  // namespace ventris::models
