#include <algorithm>
#include <iostream>

#include "cli/argv_aliases.h"
#include "cli/parse_errors.h"
#include "cli/subcommand.h"
#include "core/device.h"
#include "core/error.h"
#include "core/logging.h"
#include "core/threads.h"
#include "core/version.h"
#include "io/standard_output.h"

namespace ventris::cli {

std::vector<SubcommandMaker>& subcommand_registry() {
  static std::vector<SubcommandMaker> registry;
  return registry;
}

namespace {

int run_command_line(int argc, char** argv) {
  CLI::App app{"Ventris: neural machine translation (encoder-decoder Transformers)", "ventris"};
  app.set_version_flag("--version", [] { return version_report(); }, "Print version and build information");
  app.fallthrough();
  app.require_subcommand(0, 1);

  config::GlobalOptions global;
  config::Schema root;
  global.describe(root);

  std::vector<std::string> config_files;
  bool dump_config = false;
  app.add_option("--config", config_files, "YAML config files; later files override earlier ones")
      ->check(CLI::ExistingFile);
  app.add_flag("--dump-config", dump_config, "Print the effective configuration as YAML and exit");

  config::FlagBinder flags;
  flags.bind(app, root);

  std::vector<std::unique_ptr<Subcommand>> registry;
  for (SubcommandMaker make : subcommand_registry()) registry.push_back(make());
  std::sort(registry.begin(), registry.end(), [](auto& a, auto& b) { return a->name() < b->name(); });
  std::vector<std::pair<CLI::App*, Subcommand*>> commands;
  for (auto& sub : registry) {
    sub->describe_config(root);
    CLI::App* cmd = app.add_subcommand(sub->name(), sub->description());
    cmd->fallthrough();
    sub->add_options(*cmd, flags);
    commands.emplace_back(cmd, sub.get());
  }

  RewrittenArgv args(argc, argv);  // sacreBLEU-style -tok, -lc, ... (cli/argv_aliases.h)
  try {
    app.parse(args.argc(), args.argv());
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help / --version
  } catch (const CLI::ParseError& e) {
    throw UsageError(usage_error_message(app, e));
  }

  for (const auto& file : config_files) root.apply_yaml_file(file);
  flags.apply();

  if (dump_config) {
    std::cout << root.dump();
    return 0;
  }

  log::init(global.log_level, global.log_file);
  const int threads = threads_for_request(global.threads);
  if (global.threads > threads)
    log::warn("main", "--threads {} is more than the {} cores this process may use: using {}", global.threads,
              available_cores(), threads);
  set_num_threads(threads);
  Device::parse(global.device);  // validates the spelling early

  for (auto& [cmd, sub] : commands)
    if (cmd->parsed()) return sub->run(global);

  if (!config_files.empty()) {
    // `ventris --config x.yaml` alone validates the files.
    std::cout << "config OK: " << config_files.size() << " file(s) validated\n";
    return 0;
  }
  // Bare `ventris` did nothing that was asked: usage on stderr, and a failure
  // (a script that forgot the subcommand must not pass).
  std::cerr << app.help();
  throw UsageError("no subcommand given; choose one of those listed above (ventris SUBCOMMAND --help)");
}

}  // namespace

int run_cli(int argc, char** argv) {
  const int code = run_command_line(argc, argv);
  io::flush_standard_output();  // every command's output, --help and --dump-config included
  return code;
}

}  // namespace ventris::cli
