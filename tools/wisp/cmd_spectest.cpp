// `wisp spectest PATH... [--mode interp|aot] [--xfail FILE] [--verbose]`: runs spec test command
// files (wast2json format) and reports `N passed, N failed, N skipped`.
#include <iostream>
#include <memory>

#include "commands.h"
#include "spectest/spectest.h"

namespace wisp::cli {

void register_spectest(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<spectest::SuiteOptions>();
  auto timeout_seconds = std::make_shared<double>(10.0);

  CLI::App* cmd = app.add_subcommand("spectest", "run spec test command files (wast2json .json + .wasm)");
  cmd->add_option("paths", options->paths, "command files, or folders searched for .json files")->required();
  cmd->add_option(
      "--xfail", options->xfail_file,
      "expected-failure list: `file.json:LINE  # reason` per line; a listed test that passes fails "
      "the run");
  cmd->add_flag("-v,--verbose", options->verbose,
                "also print skipped tests, expected failures and per-file counts");
  cmd->add_option("--timeout", *timeout_seconds, "deadline in seconds for each instantiation and action")
      ->default_val(10.0)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--mode", options->strategy, "interp (default) or aot: which tier runs the modules")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Strategy>{{"interp", Strategy::Interpreter}, {"aot", Strategy::Native}}));
  cmd->add_flag(
      "--no-isolate", [options](int64_t) { options->isolate = false; },
      "run every file in this process (for debuggers); a crash then ends the run");

  cmd->callback([options, timeout_seconds, &exit_code] {
    options->action_timeout = std::chrono::milliseconds(static_cast<int64_t>(*timeout_seconds * 1000));
    exit_code = spectest::run_spectest(*options, std::cout);
  });
}

}  // namespace wisp::cli
