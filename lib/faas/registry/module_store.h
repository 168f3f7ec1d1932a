// Content-addressed module files: modules/<sha256>.wasm. Identical uploads
// share one file; a file is complete or absent (atomic writes).
#pragma once

#include <filesystem>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "faas/core/status.h"

namespace wisp::faas {

class ModuleStore {
 public:
  explicit ModuleStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Result<void> init();
  // Stores `bytes` and returns their digest; a no-op when the file exists.
  Result<std::string> put(std::span<const uint8_t> bytes);
  Result<std::vector<uint8_t>> get(const std::string& sha256) const;
  std::filesystem::path path_of(const std::string& sha256) const { return dir_ / (sha256 + ".wasm"); }
  // Deletes module files no version refers to, and temporaries a crash left behind.
  void collect_garbage(const std::set<std::string>& referenced) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace wisp::faas
