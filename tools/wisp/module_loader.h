// How `wisp run` and `wisp compile` turn a file into a Module: a .wasm is
// interpreted or compiled natively (through the compiled-code cache), an AOT
// artifact is verified and loaded.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "wisp/wisp.h"

namespace wisp::cli {

enum class RunMode { Interp, Aot, Auto };

struct TierOptions {
  RunMode mode = RunMode::Auto;
  bool no_cache = false;
  std::string cache_dir;  // empty: the default (see docs/cli.md)
};

// Adds --mode, --no-cache and --cache-dir to `cmd`.
void add_tier_options(CLI::App& cmd, TierOptions& options);

// Whether WISP_PERF_MAP=1 asks for perf map files (EngineConfig::perf_map).
bool perf_map_requested();

// The cache directory in effect for `options` ("" when --no-cache).
std::string effective_cache_dir(const TierOptions& options);

struct LoadedModule {
  Engine engine;
  Module module;
  bool native = false;
};

// Why a module could not be loaded, as a line for the user (path included).
struct LoadFailure {
  std::string message;
  bool usage = false;  // the options asked for something impossible (exit status 2)
};

// Reads and prepares `path`. `needs_fuel` forces the interpreter under
// --mode auto and is an error under --mode aot (compiled code has no fuel meter).
Expected<LoadedModule, LoadFailure> load_module(const std::string& path, const TierOptions& options,
                                                bool needs_fuel, const EngineConfig& base = {});

}  // namespace wisp::cli
