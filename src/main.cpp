// Entry point: every failure below becomes one `error: ...` line on stderr,
// exit code 1 (2 for command-line usage errors). Standard output is closed
// here and checked, so output lost at the very end still fails the command.
#include <exception>
#include <iostream>

#include "cli/subcommand.h"
#include "core/error.h"
#include "io/standard_output.h"

int main(int argc, char** argv) {
  try {
    ventris::io::use_checked_standard_output();
    const int code = ventris::cli::run_cli(argc, argv);
    ventris::io::close_standard_output();
    return code;
  } catch (const ventris::UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
