// What a deploy fixes about one function version: its ABI, route, environment
// and limits. Stored as JSON next to the version in the registry.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "faas/core/status.h"

namespace wisp::faas {

enum class Abi { Stdio, Http };
std::string_view abi_name(Abi abi);

// Defaults are documented in docs/operations.md; keep both in step.
struct FunctionConfig {
  Abi abi = Abi::Stdio;
  // Optional path prefix ("/api/hello") that also reaches this function.
  std::string route;
  std::vector<std::pair<std::string, std::string>> env;
  uint64_t memory_bytes = 128ull << 20;
  std::chrono::milliseconds timeout{30'000};
  uint32_t max_concurrency = 8;
  // Requests waiting for a free slot; one more is refused with 503.
  uint32_t max_queue = 64;
  uint64_t max_body_bytes = 16ull << 20;
  uint64_t max_output_bytes = 16ull << 20;
  // Origins allowed to call this function from a browser ("*" for any);
  // empty means no CORS handling at all (OPTIONS reaches the guest).
  std::vector<std::string> cors_origins;
};

nlohmann::json to_json(const FunctionConfig& config);
Result<FunctionConfig> config_from_json(const nlohmann::json& j);
// Checks ranges and formats (route, env names); the message names the field.
Result<void> check_config(const FunctionConfig& config);

// Function names: 1-63 of [a-z0-9_-], starting with a letter or digit, so a
// name can never collide with the reserved "/_wisp/" prefix.
bool valid_function_name(std::string_view name);
// Aliases: same alphabet, must not start with a digit (digits mean versions).
bool valid_alias_name(std::string_view name);

}  // namespace wisp::faas
