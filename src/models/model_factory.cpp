#include "models/model_factory.h"

#include <algorithm>
#include <utility>

#include "core/error.h"
#include "models/lazyformer/lazyformer.h"
#include "models/lite/lite_transformer.h"
#include "models/transformer/transformer.h"

namespace ventris::models {

namespace {

struct Family {
  std::string arch;
  ModelBuilder build;
};

// Built-in families, in the order --dump-config lists them.
std::vector<Family>& registry() {
  static std::vector<Family> families{
      {"transformer",
       [](const ModelConfig& c, const Vocab& v, uint64_t seed) -> std::unique_ptr<EncoderDecoder> {
         return std::make_unique<Transformer>(c, v, seed);
       }},
      {"lazyformer",
       [](const ModelConfig& c, const Vocab& v, uint64_t seed) -> std::unique_ptr<EncoderDecoder> {
         return std::make_unique<LazyFormer>(c, v, seed);
       }},
      {"lite",
       [](const ModelConfig& c, const Vocab& v, uint64_t seed) -> std::unique_ptr<EncoderDecoder> {
         return std::make_unique<LiteTransformer>(c, v, seed);
       }},
  };
  return families;
}

}  // namespace

void register_model_family(const std::string& arch, ModelBuilder builder) {
  VENTRIS_CHECK(!arch.empty() && builder, "register_model_family needs a name and a builder");
  auto& families = registry();
  auto it = std::find_if(families.begin(), families.end(), [&](const Family& f) { return f.arch == arch; });
  if (it != families.end())
    it->build = std::move(builder);
  else
    families.push_back({arch, std::move(builder)});
}

std::vector<std::string> model_families() {
  std::vector<std::string> names;
  for (const Family& f : registry()) names.push_back(f.arch);
  return names;
}

void require_model_family(const std::string& arch) {
  const std::vector<std::string> known = model_families();
  VENTRIS_CHECK(std::find(known.begin(), known.end(), arch) != known.end(),
                "unknown model family model.arch = '{}' (this build knows {})", arch, config::join_choices(known));
}

std::unique_ptr<EncoderDecoder> make_model(const ModelConfig& config, const Vocab& vocab, uint64_t seed) {
  require_model_family(config.arch);
  const auto& families = registry();
  return std::find_if(families.begin(), families.end(), [&](const Family& f) { return f.arch == config.arch; })
      ->build(config, vocab, seed);
}

}  // namespace ventris::models
