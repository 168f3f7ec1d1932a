// Runs a set of command files: finds them (a file, or every .json below a
// folder, sorted), runs each one (in a child process unless told not to),
// applies the expected-failure list and prints the report.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "spectest/command.h"
#include "spectest/outcome.h"
#include "wisp/wisp.h"

namespace wisp::spectest {

struct SuiteOptions {
  std::vector<std::filesystem::path> paths;
  std::optional<std::filesystem::path> xfail_file;
  bool verbose = false;
  // Each file in its own child process, so a crash fails one command, not the run.
  bool isolate = true;
  // Deadline per instantiation and action.
  std::chrono::milliseconds action_timeout{10'000};
  // Interpreter, or natively compiled code (`--mode aot`).
  Strategy strategy = Strategy::Interpreter;
};

struct SuiteFile {
  std::filesystem::path path;
  std::string display;     // how reports name it: relative to the folder that was given
  std::string match_path;  // absolute, normalised, '/'-separated: what the xfail list matches
  std::string problem;     // non-empty when the path given could not be used
};

// The command files named by `paths`, in a deterministic order: each path in
// the order given, files below a folder sorted by their relative path.
std::vector<SuiteFile> collect_command_files(std::span<const std::filesystem::path> paths);

// Runs the commands of one parsed file; module files are next to the JSON.
using FileRunner =
    std::function<void(const CommandFile& file, const std::filesystem::path& dir, OutcomeSink& sink)>;

// Reads and parses one command file and hands it to `runner`; a file that
// cannot be read or parsed is one failed outcome.
void run_one_file(const std::filesystem::path& json, const FileRunner& runner, OutcomeSink& sink);

// Returns the process exit status: 0 only when nothing failed.
int run_suite(const SuiteOptions& options, const FileRunner& runner, std::ostream& out);

}  // namespace wisp::spectest
