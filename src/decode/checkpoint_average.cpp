#include "decode/checkpoint_average.h"

#include "core/error.h"
#include "core/logging.h"
#include "ops/elementwise.h"

namespace ventris::decode {

std::unique_ptr<models::EncoderDecoder> average_models(const std::vector<std::string>& paths,
                                                    models::ModelFileInfo* info) {
  VENTRIS_CHECK(!paths.empty(), "no model files to average");
  models::ModelFileInfo first_info;
  std::unique_ptr<models::EncoderDecoder> sum = models::load_model(paths[0], &first_info);
  if (info) *info = first_info;
  if (paths.size() == 1) return sum;
  ag::ParameterSet& params = sum->parameters();
  for (size_t i = 1; i < paths.size(); ++i) {
    models::ModelFileInfo other_info;
    std::unique_ptr<models::EncoderDecoder> other = models::load_model(paths[i], &other_info);
    VENTRIS_CHECK(other_info.vocab.src_size == first_info.vocab.src_size &&
                      other_info.vocab.tgt_size == first_info.vocab.tgt_size &&
                      other_info.src_spm == first_info.src_spm && other_info.tgt_spm == first_info.tgt_spm,
                  "cannot average {} with {}: the vocabularies differ", paths[i], paths[0]);
    const auto& theirs = other->parameters();
    VENTRIS_CHECK(theirs.size() == params.size(), "cannot average {} ({} parameters) with {} ({} parameters)",
                  paths[i], theirs.size(), paths[0], params.size());
    for (const auto& [name, var] : params.items()) {
      VENTRIS_CHECK(theirs.contains(name), "cannot average: {} has no parameter {} (found in {})", paths[i], name,
                    paths[0]);
      const Tensor& value = theirs.at(name).value();
      VENTRIS_CHECK(value.shape() == var.value().shape(), "cannot average: {} is {} in {} but {} in {}", name,
                    value.shape().str(), paths[i], var.value().shape().str(), paths[0]);
      Tensor acc = var.value();
      ops::add_scaled_(acc, value, 1.f);
    }
  }
  // Shared parameters are one Var, so each tensor is summed and scaled once.
  const float inv = 1.f / static_cast<float>(paths.size());
  for (const auto& [name, var] : params.items()) {
    ag::Var shared = var;
    shared.set_value(ops::scale(var.value(), inv));
  }
  log::info("decode", "averaged {} model files", paths.size());
  return sum;
}

}  // namespace ventris::decode
