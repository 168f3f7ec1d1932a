// Running a function's build command, and deciding whether it needs to run:
// the module is missing, or one of its sources is newer than it.
#pragma once

#include <filesystem>
#include <string>

#include "manifest/manifest.h"

namespace wisp::manifest {

// Why the module must be (re)built, or empty when it is up to date. Without a
// build command a module is never stale (there is nothing to run).
std::string stale_reason(const FunctionSpec& function);

// Runs `/bin/sh -c BUILD` in `dir` with the caller's stdout and stderr.
// Returns the shell's exit status (127 when it cannot be started, 128+N
// after signal N).
int run_build(const FunctionSpec& function, const std::filesystem::path& dir);

// The newest modification time among `paths` (folders searched recursively,
// skipping names that start with '.'); nothing found: the minimum.
std::filesystem::file_time_type newest_mtime(const std::vector<std::filesystem::path>& paths);

}  // namespace wisp::manifest
