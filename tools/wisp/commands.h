// Each subcommand lives in its own cmd_*.cpp and registers itself on the
// top-level CLI11 app; main.cpp calls these explicitly (no global registry).
#pragma once

#include <CLI/CLI.hpp>

namespace wisp::cli {

// Each register function adds a subcommand and a callback that stores the
// command's exit status in `exit_code`.
void register_run(CLI::App& app, int& exit_code);
void register_compile(CLI::App& app, int& exit_code);
void register_spectest(CLI::App& app, int& exit_code);
// The serverless platform and the clients of its admin API (lib/faas).
void register_serve(CLI::App& app, int& exit_code);
void register_deploy(CLI::App& app, int& exit_code);
void register_ls(CLI::App& app, int& exit_code);
void register_versions(CLI::App& app, int& exit_code);
void register_alias(CLI::App& app, int& exit_code);
void register_rm(CLI::App& app, int& exit_code);
void register_logs(CLI::App& app, int& exit_code);
// The developer workflow over a wisp.toml manifest (docs/manifest.md).
void register_new(CLI::App& app, int& exit_code);
void register_up(CLI::App& app, int& exit_code);
void register_dev(CLI::App& app, int& exit_code);

}  // namespace wisp::cli
