// Executes the commands of one command file against the engine, in one
// fresh Store with the `spectest` host module, and reports each outcome.
#pragma once

#include <chrono>
#include <filesystem>

#include "spectest/command.h"
#include "spectest/outcome.h"
#include "wisp/wisp.h"

namespace wisp::spectest {

struct RunnerOptions {
  // Deadline for each instantiation and each action: an engine bug that
  // loops forever then fails one command ("execution timed out").
  std::chrono::milliseconds action_timeout{10'000};
};

// Module files named by the commands are read from `dir`.
void run_command_file(const Engine& engine, const CommandFile& file, const std::filesystem::path& dir,
                      const RunnerOptions& options, OutcomeSink& sink);

}  // namespace wisp::spectest
