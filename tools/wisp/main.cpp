// wisp: the command line. Subcommands are in cmd_*.cpp, one file each.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"wisp: a WebAssembly runtime and serverless platform"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wisp 0.1.0");

  int exit_code = 0;
  wisp::cli::register_run(app, exit_code);
  wisp::cli::register_compile(app, exit_code);
  wisp::cli::register_spectest(app, exit_code);
  wisp::cli::register_serve(app, exit_code);
  wisp::cli::register_deploy(app, exit_code);
  wisp::cli::register_ls(app, exit_code);
  wisp::cli::register_versions(app, exit_code);
  wisp::cli::register_alias(app, exit_code);
  wisp::cli::register_rm(app, exit_code);
  wisp::cli::register_logs(app, exit_code);
  wisp::cli::register_new(app, exit_code);
  wisp::cli::register_up(app, exit_code);
  wisp::cli::register_dev(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
