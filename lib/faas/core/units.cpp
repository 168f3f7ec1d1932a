#include "faas/core/units.h"

#include <cctype>
#include <charconv>

namespace wisp::faas {
namespace {

// Splits "128MiB" into 128 and "MiB"; nothing when there is no leading number.
std::optional<std::pair<uint64_t, std::string>> split_number(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string unit;
  for (const char* p = end; p != text.data() + text.size(); ++p) {
    if (*p == ' ') continue;
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
  }
  return std::make_pair(value, unit);
}

std::optional<uint64_t> checked_multiply(uint64_t a, uint64_t b) {
  if (a != 0 && b > UINT64_MAX / a) return std::nullopt;
  return a * b;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  const auto& [n, unit] = *parts;
  if (unit.empty() || unit == "b") return n;
  // Same convention as `wisp run --max-memory`: K/KiB are 1024, KB is 1000.
  if (unit == "k" || unit == "kib") return checked_multiply(n, 1ull << 10);
  if (unit == "m" || unit == "mib") return checked_multiply(n, 1ull << 20);
  if (unit == "g" || unit == "gib") return checked_multiply(n, 1ull << 30);
  if (unit == "kb") return checked_multiply(n, 1000);
  if (unit == "mb") return checked_multiply(n, 1000'000);
  if (unit == "gb") return checked_multiply(n, 1000'000'000);
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto parts = split_number(text);
  if (!parts) return std::nullopt;
  const auto& [n, unit] = *parts;
  std::optional<uint64_t> ms;
  if (unit == "ms")
    ms = n;
  else if (unit.empty() || unit == "s")
    ms = checked_multiply(n, 1000);
  else if (unit == "m" || unit == "min")
    ms = checked_multiply(n, 60'000);
  else if (unit == "h")
    ms = checked_multiply(n, 3'600'000);
  if (!ms || *ms > (1ull << 40)) return std::nullopt;
  return std::chrono::milliseconds(*ms);
}

std::string format_size(uint64_t bytes) {
  if (bytes != 0 && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + "GiB";
  if (bytes != 0 && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + "MiB";
  if (bytes != 0 && bytes % (1ull << 10) == 0) return std::to_string(bytes >> 10) + "KiB";
  return std::to_string(bytes);
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace wisp::faas
