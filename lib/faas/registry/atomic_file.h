// Crash-safe file writes: the bytes go to a temporary file in the same
// directory, are fsync'ed, then renamed over the target and the directory is
// fsync'ed. A reader (or a restart after kill -9) sees the old file or the
// complete new one, never a prefix.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "faas/core/status.h"

namespace wisp::faas {

Result<void> write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> bytes);
Result<std::vector<uint8_t>> read_whole_file(const std::filesystem::path& path);
// fsync of a directory, so a rename or unlink in it is durable.
Result<void> sync_directory(const std::filesystem::path& dir);

}  // namespace wisp::faas
