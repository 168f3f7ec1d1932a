// wisp.toml: the functions of an application, what builds them and how each
// is deployed (docs/manifest.md documents every field). Parsing checks every
// field the way the server would, so a mistake is reported against the file
// and line that hold it, not by a server round trip.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "faas/core/function_config.h"
#include "wisp/error.h"

namespace wisp::manifest {

struct ManifestError {
  std::string file;     // the path as it was given
  uint32_t line = 0;    // 1-based; 0 when the error has no place (an unreadable file)
  uint32_t column = 0;  // 1-based; 0 when unknown
  std::string field;    // dotted path: "functions.hello.memory"; empty for syntax errors
  std::string message;  // lower case, no final period

  // "wisp.toml:12:10: functions.hello.memory: invalid size 'lots' ..."
  std::string to_string() const;
};

template <class T>
using ManifestResult = Expected<T, ManifestError>;

struct FunctionSpec {
  std::string name;
  // Absolute, or relative to the current directory when the manifest path
  // was; always resolved against the manifest's folder.
  std::filesystem::path module;
  // A shell command run in the manifest's folder (`/bin/sh -c`); empty: none.
  std::string build;
  // Inputs of `build` (files, or folders searched recursively): the module is
  // rebuilt when one is newer, and `wisp dev --build` watches them.
  std::vector<std::filesystem::path> sources;
  faas::FunctionConfig config;
  std::vector<std::string> aliases;  // moved to each new version, besides latest
  uint32_t line = 0;                 // of the function's table, for later messages
};

struct Manifest {
  std::filesystem::path file;
  std::filesystem::path dir;            // what relative paths are resolved against
  std::vector<FunctionSpec> functions;  // in the order the file declares them
};

// `file` names the text in messages and gives the folder relative paths
// are resolved against.
ManifestResult<Manifest> parse_manifest(std::string_view text, const std::filesystem::path& file);
ManifestResult<Manifest> load_manifest(const std::filesystem::path& file);

// The admin API's deploy query ("?abi=http&memory=...") for a function: every
// setting is sent, so the server's defaults never silently differ from the file's.
std::string deploy_query(const FunctionSpec& function);

}  // namespace wisp::manifest
