// Entry point: every failure below becomes one `error: ...` line on stderr,
// exit code 1 (2 for command-line usage errors).
#include <exception>
#include <iostream>

#include "cli/subcommand.h"
#include "core/error.h"

int main(int argc, char** argv) {
  try {
    return ventris::cli::run_cli(argc, argv);
  } catch (const ventris::UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
