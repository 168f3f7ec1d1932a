// The admin API under /_wisp/ (JSON; see docs/operations.md for every route).
// Access control happens before this (Dispatcher::admit); this class only
// interprets requests. handle() is synchronous: the dispatcher runs writes on
// its admin thread.
#pragma once

#include <functional>
#include <span>

#include "faas/core/function_logs.h"
#include "faas/core/http_message.h"
#include "faas/core/metrics.h"
#include "faas/registry/registry.h"

namespace wisp::faas {

// Deploy-time settings a client passes as query parameters, on top of the defaults.
Result<FunctionConfig> config_from_query(const std::vector<std::pair<std::string, std::string>>& params,
                                         std::vector<std::string>& aliases);

class AdminApi {
 public:
  // Runs once the version a checked module became is stored (may be empty):
  // the engine keeps the module it compiled for the check.
  using Deployed = std::function<void(const VersionInfo&)>;
  // Checks that bytes are a valid module for `abi`; the message is the validator's.
  using ModuleCheck = std::function<Result<Deployed>(std::span<const uint8_t> bytes, Abi abi)>;
  using ChangeHook = std::function<void(const Catalog&)>;

  AdminApi(Registry& registry, Metrics& metrics, FunctionLogs& logs, ModuleCheck check, ChangeHook on_change)
      : registry_(registry),
        metrics_(metrics),
        logs_(logs),
        check_(std::move(check)),
        on_change_(std::move(on_change)) {}

  HttpResponse handle(const HttpRequest& request);
  // GETs answer from memory and may run on the event loop.
  static bool is_read_only(const HttpRequest& request);

 private:
  HttpResponse list_functions() const;
  HttpResponse describe(const std::string& name, const std::string& request_id) const;
  HttpResponse deploy(const std::string& name, const HttpRequest& request, std::string_view query);
  HttpResponse set_alias(const std::string& name, const std::string& alias, const HttpRequest& request);
  HttpResponse remove(const std::string& name, std::optional<std::string> version,
                      const std::string& request_id);
  HttpResponse read_logs(const std::string& name, std::string_view query,
                         const std::string& request_id) const;
  void changed();

  Registry& registry_;
  Metrics& metrics_;
  FunctionLogs& logs_;
  ModuleCheck check_;
  ChangeHook on_change_;
};

}  // namespace wisp::faas
