// `ventris info`: what a model costs — parameters with and without embeddings,
// per layer and in total, and the multiply-adds to translate one sentence of
// N source and N target tokens (the Lite Transformer paper's #Params and
// #Mult-Adds, which it reports at N = 30). The model is either a model file
// (-m) or the `model:` section of the configs and flags, the same one `train`
// reads (built with fresh weights; the counts do not depend on them).
#include <fmt/format.h>

#include <iostream>

#include "cli/argv_aliases.h"
#include "cli/subcommand.h"
#include "core/error.h"
#include "data/spm_vocab.h"
#include "models/model_factory.h"
#include "models/model_file.h"
#include "models/model_summary.h"

namespace ventris::cli {

namespace {

// 17283616 -> "17,283,616".
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string millions(int64_t n) { return fmt::format("{:.2f}M", static_cast<double>(n) / 1e6); }

void print(const models::ModelSummary& s, const models::ModelConfig& c, const models::Vocab& v) {
  std::cout << fmt::format("model: {}, d_model {}, {} encoder + {} decoder layers, vocabularies {} / {}\n", c.arch,
                           c.d_model, c.encoder_layers, c.decoder_layers, v.src_size, v.tgt_size);
  std::cout << fmt::format("{:<24}{:>14}\n", "parameters", "count");
  for (const models::ParameterGroup& g : s.groups)
    std::cout << fmt::format("  {:<22}{:>14}\n", g.name, grouped(g.count));
  std::cout << fmt::format("  {:<22}{:>14}  ({})\n", "total", grouped(s.parameters), millions(s.parameters));
  std::cout << fmt::format("  {:<22}{:>14}  ({}, the Lite paper's #Params)\n", "without embeddings",
                           grouped(s.parameters_without_embeddings()), millions(s.parameters_without_embeddings()));
  std::cout << fmt::format("mult-adds for one sentence of {} source and {} target tokens\n", s.length, s.length);
  std::cout << fmt::format("  {:<22}{:>14}  ({})\n", "encoder", grouped(s.encoder_mult_adds),
                           millions(s.encoder_mult_adds));
  std::cout << fmt::format("  {:<22}{:>14}  ({})\n", "decoder", grouped(s.decoder_mult_adds),
                           millions(s.decoder_mult_adds));
  std::cout << fmt::format("  {:<22}{:>14}  ({}, the Lite paper's #Mult-Adds)\n", "total", grouped(s.mult_adds()),
                           millions(s.mult_adds()));
  std::cout << fmt::format("  {:<22}{:>14}  ({}, N x D x V_t, not in the total)\n", "output projection",
                           grouped(s.output_mult_adds), millions(s.output_mult_adds));
}

class InfoCommand : public Subcommand {
 public:
  std::string name() const override { return "info"; }
  std::string description() const override {
    return "Parameters and multiply-adds of a model file or of the model: config (per layer and in total)";
  }
  void describe_config(config::Schema& root) override { model_.describe(root.section("model")); }
  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    cmd.add_option("--model", model_path_, "a model file (alias -m); otherwise the model: section of the configs");
    cmd.add_option("--length", length_, "source and target tokens of the sentence the mult-adds are counted for")
        ->capture_default_str();
    cmd.add_option("--vocab-size", vocab_size_, "vocabulary size (source and target) without -m")
        ->capture_default_str();
    model_.describe(model_flags_);
    flags.bind(cmd, model_flags_, "model");
  }
  int run(const config::GlobalOptions& global) override {
    VENTRIS_CHECK(length_ >= 1 && length_ <= 1000000, "info: --length must be in [1, 1000000], got {}", length_);
    std::unique_ptr<models::EncoderDecoder> model;
    if (!model_path_.empty()) {
      model = models::load_model(model_path_);
    } else {
      VENTRIS_CHECK(vocab_size_ >= 4 && vocab_size_ <= (int64_t{1} << 24),
                    "info: --vocab-size must be in [4, 16777216], got {}", vocab_size_);
      model = models::make_model(model_, models::Vocab{vocab_size_, vocab_size_, data::kPadId}, global.seed);
    }
    print(models::summarize(*model, length_), model->config(), model->vocab());
    return 0;
  }

 private:
  models::ModelConfig model_;
  config::Schema model_flags_;
  std::string model_path_;
  int64_t length_ = 30;
  int64_t vocab_size_ = 32000;
};

VENTRIS_REGISTER_SUBCOMMAND(InfoCommand)
VENTRIS_REGISTER_ARGV_ALIASES("info", {{"-m", "--model"}})

}  // namespace
}  // namespace ventris::cli
