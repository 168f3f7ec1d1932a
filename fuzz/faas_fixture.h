// A scratch registry for the platform fuzz targets: a temporary data
// directory holding two deployed functions ("hello", and "api" with route
// /api, CORS and a 1 KiB body limit), so requests can reach real routes.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "faas/core/function_logs.h"
#include "faas/core/metrics.h"
#include "faas/registry/registry.h"

namespace wisp::fuzz {

struct FaasFixture {
  std::filesystem::path dir;
  std::unique_ptr<faas::Registry> registry;
  std::unique_ptr<faas::FunctionLogs> logs;
  faas::Metrics metrics;

  // `parent` is e.g. /dev/shm (fast) or /tmp.
  explicit FaasFixture(const std::string& parent) {
    std::string templ = parent + "/wisp-fuzz-faas-XXXXXX";
    if (!::mkdtemp(templ.data())) std::abort();
    dir = templ;
    auto opened = faas::Registry::open(dir);
    if (!opened) std::abort();
    registry = std::move(*opened);
    logs = std::make_unique<faas::FunctionLogs>(dir / "logs");
    deploy("hello", {});
    faas::FunctionConfig api;
    api.abi = faas::Abi::Http;
    api.route = "/api";
    api.max_body_bytes = 1024;
    api.cors_origins = {"https://example.com"};
    deploy("api", api);
    deploy("api", api);
    if (!registry->set_alias("api", "stable", 1)) std::abort();
  }
  ~FaasFixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  void deploy(const std::string& name, faas::FunctionConfig config) {
    faas::DeployRequest r;
    r.name = name;
    r.module = {0, 'a', 's', 'm', static_cast<uint8_t>(registry->catalog()->functions.size())};
    r.config = std::move(config);
    if (!registry->deploy(r)) std::abort();
  }
};

}  // namespace wisp::fuzz
