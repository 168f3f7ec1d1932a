// Human-readable sizes ("128MiB") and durations ("30s") for flags and config.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wisp::faas {

// "4096", "64K"/"64KiB", "128MiB", "1GiB" (powers of 1024); "64KB", "1MB" (powers of 1000).
std::optional<uint64_t> parse_size(std::string_view text);
// "250ms", "30s", "2m", "1h"; a bare number means seconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

std::string format_size(uint64_t bytes);
std::string format_duration(std::chrono::milliseconds d);

}  // namespace wisp::faas
