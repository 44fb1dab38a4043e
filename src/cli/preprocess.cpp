// `ventris preprocess`: vocabularies and binary datasets (src/data/preprocess.h).
#include "cli/subcommand.h"
#include "core/threads.h"
#include "data/preprocess.h"

namespace ventris::cli {

class PreprocessCommand : public Subcommand {
 public:
  std::string name() const override { return "preprocess"; }
  std::string description() const override {
    return "Train SentencePiece vocabularies and write binary datasets from parallel text";
  }
  void describe_config(config::Schema& root) override { config_.describe(root.section("preprocess")); }
  void add_options(CLI::App& cmd, config::FlagBinder& flags) override {
    // A second description of the same fields, for the flags (the root schema holds the first).
    config_.describe(flag_schema_);
    flags.bind(cmd, flag_schema_, "preprocess");
    cmd.add_flag("--separate", separate_, "separate source and target vocabularies (same as --no-joint)");
  }
  int run(const config::GlobalOptions& global) override {
    if (separate_) config_.joint = false;
    data::preprocess(config_, num_threads());
    return 0;
  }

 private:
  data::PreprocessConfig config_;
  config::Schema flag_schema_;
  bool separate_ = false;
};

VENTRIS_REGISTER_SUBCOMMAND(PreprocessCommand)

}  // namespace ventris::cli
