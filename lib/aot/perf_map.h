// Names for compiled wasm functions in Linux perf. Code linked at run time
// lies outside every mapped file, so perf shows bare addresses for it unless
// the process lists its symbols in /tmp/perf-<pid>.map ("START SIZE NAME" in
// hex, one per line), which `perf report` and `perf top` read.
#pragma once

#include <string>

#include "aot/aot.h"
#include "ast/module.h"
#include "wisp/error.h"

namespace wisp::aot {

// The lines for `code`: functions named from the module's name section where
// it has one ("wasm[module]::name"), else by index ("wasm::function[12]");
// array entries (the host's way in) carry an " (array entry)" suffix.
std::string perf_map_lines(const LoadedCode& code, const ast::Names& names);

// Appends perf_map_lines to this process's map file with one write, so
// modules loaded on several threads do not interleave their lines.
Expected<void> append_perf_map(const LoadedCode& code, const ast::Names& names);

}  // namespace wisp::aot
