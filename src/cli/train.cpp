// `ventris train`: trains a model on a preprocessed folder (src/train/trainer.h).
// Sections `model:` and `train:` of the YAML configs; every key is also a flag.
#include "cli/subcommand.h"
#include "models/model_config.h"
#include "train/train_config.h"
#include "train/trainer.h"

namespace ventris::cli {

class TrainCommand : public Subcommand {
 public:
  std::string name() const override { return "train"; }
  std::string description() const override {
    return "Train a model on a `ventris preprocess` folder (checkpoints and resume in --model-dir)";
  }
  void describe_config(config::Schema& root) override {
    model_.describe(root.section("model"));
    train_.describe(root.section("train"));
  }
  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    // Second descriptions of the same fields, for the flags (the root schema holds the first).
    model_.describe(model_flags_);
    train_.describe(train_flags_);
    flags.bind(cmd, train_flags_, "train");
    flags.bind(cmd, model_flags_, "model");
  }
  int run(const config::GlobalOptions& global) override {
    train::Trainer trainer(train_, model_, global.seed, {}, Device::parse(global.device));
    trainer.run();
    return 0;
  }

 private:
  models::ModelConfig model_;
  train::TrainConfig train_;
  config::Schema model_flags_, train_flags_;
};

VENTRIS_REGISTER_SUBCOMMAND(TrainCommand)

}  // namespace ventris::cli
