// `ventris train`: trains a model on a preprocessed folder (src/train/trainer.h).
// Sections `model:` and `train:` of the YAML configs; every key is also a flag.
// Under mpirun/srun with several ranks it trains data-parallel (docs/distributed.md).
#include <spdlog/spdlog.h>

#include <iostream>
#include <sstream>

#include "cli/subcommand.h"
#include "distributed/communicator.h"
#include "distributed/rank_agreement.h"
#include "models/model_config.h"
#include "train/train_config.h"
#include "train/trainer.h"

namespace ventris::cli {

namespace {

// The settings dump without the folder paths: hosts may mount the same files
// at different paths, and the data itself is compared by checksum (trainer).
std::string without_paths(const std::string& dump) {
  std::istringstream in(dump);
  std::string out, line;
  while (std::getline(in, line)) {
    const size_t indent = line.find_first_not_of(' ');
    const std::string key = indent == std::string::npos ? "" : line.substr(indent);
    if (key.starts_with("data:") || key.starts_with("model_dir:")) continue;
    out += line + "\n";
  }
  return out;
}

}  // namespace

class TrainCommand : public Subcommand {
 public:
  std::string name() const override { return "train"; }
  std::string description() const override {
    return "Train a model on a `ventris preprocess` folder (checkpoints and resume in --model-dir; "
           "data-parallel under mpirun -np N)";
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
    const std::unique_ptr<distributed::Communicator> comm = distributed::make_communicator();
    if (comm->size() == 1) {
      train::Trainer trainer(train_, model_, global.seed, {}, Device::parse(global.device));
      trainer.run();
      return 0;
    }
    // Rank 0 speaks for the job; the others report only warnings and errors.
    if (!comm->is_root()) spdlog::set_level(spdlog::level::warn);
    try {
      // The effective settings (threads may differ per rank; everything that shapes the run may not).
      distributed::require_agreement(*comm, {{"train settings", without_paths(train_flags_.dump())},
                                             {"model settings", model_flags_.dump()},
                                             {"seed", std::to_string(global.seed)},
                                             {"device", global.device}});
      train::Trainer trainer(train_, model_, global.seed, {}, Device::parse(global.device), comm.get());
      trainer.run();
    } catch (const std::exception& e) {
      // An exception on one rank would leave the others waiting in their next
      // collective: report it here, naming the rank, and end the whole job.
      std::cerr << "error: rank " << comm->rank() << " of " << comm->size() << ": " << e.what() << std::endl;
      comm->abort(1);
    }
    return 0;
  }

 private:
  models::ModelConfig model_;
  train::TrainConfig train_;
  config::Schema model_flags_, train_flags_;
};

VENTRIS_REGISTER_SUBCOMMAND(TrainCommand)

}  // namespace ventris::cli
