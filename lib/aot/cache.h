// The compiled-code cache: artifacts keyed by what makes native code valid —
// the module's bytes, the wisp version and the CPU (triple, model, features).
// Files are written atomically (temporary file + rename), so concurrent
// writers and crashes leave either no entry or a whole one. Entries are not
// trusted: whatever is read goes through read_artifact's verification, and a
// rejected entry is simply recompiled and replaced.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wisp/error.h"

namespace wisp::aot {

// The whole contents of the file at `path`: one fstat, then reads of that
// size (a stream read byte by byte cost milliseconds on a 1 MB artifact).
// Fails with IoError, the detail being the system's reason.
Expected<std::vector<uint8_t>> read_file(const std::string& path);

// $WISP_CACHE_DIR, else $XDG_CACHE_HOME/wisp/aot, else $HOME/.cache/wisp/aot.
std::string default_cache_dir();

class CodeCache {
 public:
  // `variant` names compile options that change the code (e.g. "o2"), so
  // entries made with other options are never mistaken for these.
  CodeCache(std::string dir, std::string variant) : dir_(std::move(dir)), variant_(std::move(variant)) {}

  // The file an artifact of `wasm` compiled for this CPU would live in.
  std::string path_for(std::span<const uint8_t> wasm) const;
  // The cached artifact bytes, unverified; nothing when absent or unreadable.
  std::optional<std::vector<uint8_t>> load(std::span<const uint8_t> wasm) const;
  Expected<void> store(std::span<const uint8_t> wasm, std::span<const uint8_t> artifact) const;

 private:
  std::string dir_;
  std::string variant_;
};

}  // namespace wisp::aot
