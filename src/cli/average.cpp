// `ventris average -o OUT A B ...`: the parameter-wise mean of model files,
// written atomically as a model file (config and vocabularies of the first).
#include "cli/argv_aliases.h"
#include "cli/subcommand.h"
#include "core/error.h"
#include "decode/checkpoint_average.h"

namespace ventris::cli {

namespace {

class AverageCommand : public Subcommand {
 public:
  std::string name() const override { return "average"; }
  std::string description() const override { return "Average model files (checkpoints) into one model file"; }
  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    cmd.add_option("--output", output_, "the averaged model file (alias -o)")->required();
    cmd.add_option("models", inputs_, "model files to average")->required();
  }
  int run(const config::GlobalOptions& global) override {
    models::ModelFileInfo info;
    std::unique_ptr<models::EncoderDecoder> model = decode::average_models(inputs_, &info);
    models::save_model(output_, *model,
                       models::ModelVocabularies{info.src_vocab_checksum, info.tgt_vocab_checksum, info.src_spm,
                                                 info.tgt_spm});
    return 0;
  }

 private:
  std::string output_;
  std::vector<std::string> inputs_;
};

VENTRIS_REGISTER_SUBCOMMAND(AverageCommand)
VENTRIS_REGISTER_ARGV_ALIASES("average", {{"-o", "--output"}})

}  // namespace
}  // namespace ventris::cli
