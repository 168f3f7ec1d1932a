#include "faas/registry/module_store.h"

#include <system_error>

#include "common/sha256.h"
#include "faas/registry/atomic_file.h"

namespace wisp::faas {

Result<void> ModuleStore::init() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return fail(FailKind::Io, "create " + dir_.string() + ": " + ec.message());
  return {};
}

Result<std::string> ModuleStore::put(std::span<const uint8_t> bytes) {
  std::string digest = sha256_hex(bytes);
  if (digest.empty()) return fail(FailKind::Internal, "sha-256 failed");
  std::error_code ec;
  if (std::filesystem::exists(path_of(digest), ec)) return digest;
  WISP_TRY(write_file_atomically(path_of(digest), bytes));
  return digest;
}

Result<std::vector<uint8_t>> ModuleStore::get(const std::string& sha256) const {
  WISP_ASSIGN_OR_RETURN(auto bytes, read_whole_file(path_of(sha256)));
  // The name is the content's digest: a mismatch means the disk lied.
  if (sha256_hex(bytes) != sha256) return fail(FailKind::Io, "module file " + sha256 + " is corrupt");
  return bytes;
}

void ModuleStore::collect_garbage(const std::set<std::string>& referenced) const {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    auto name = entry.path().filename().string();
    bool temp = name.starts_with(".tmp-");
    bool orphan = entry.path().extension() == ".wasm" && !referenced.contains(entry.path().stem().string());
    if (temp || orphan) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace wisp::faas
