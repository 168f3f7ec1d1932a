#include "manifest/deployer.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "faas/core/http_message.h"

namespace wisp::manifest {

faas::Result<Deployed> deploy_bytes(const faas::AdminClient& client, const FunctionSpec& function,
                                    std::string bytes) {
  std::string target =
      "/_wisp/functions/" + faas::percent_encode(function.name) + "/versions" + deploy_query(function);
  WISP_ASSIGN_OR_RETURN(auto response, client.request("POST", target, std::move(bytes), "application/wasm"));
  if (response.status < 200 || response.status > 299) {
    auto kind = response.status == 404   ? faas::FailKind::NotFound
                : response.status == 409 ? faas::FailKind::Conflict
                : response.status >= 500 ? faas::FailKind::Internal
                                         : faas::FailKind::Invalid;
    return faas::fail(kind, faas::error_text(response));
  }
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (!j.is_object() || !j.contains("version") || !j["version"].is_number_unsigned())
    return faas::fail(faas::FailKind::Internal, "unexpected deploy answer: " + response.body);
  return Deployed{j["version"].get<uint64_t>(), j.value("sha256", std::string())};
}

faas::Result<Deployed> deploy_module(const faas::AdminClient& client, const FunctionSpec& function) {
  std::ifstream in(function.module, std::ios::binary);
  if (!in) return faas::fail(faas::FailKind::NotFound, "cannot read " + function.module.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  return deploy_bytes(client, function, std::move(bytes));
}

bool server_is_up(const faas::AdminClient& client) {
  auto response = client.request("GET", "/_wisp/health");
  return response && response->status == 200;
}

std::string function_url(const faas::ServerAddress& server, const FunctionSpec& function) {
  bool v6 = server.host.find(':') != std::string::npos;
  std::string base =
      "http://" + (v6 ? "[" + server.host + "]" : server.host) + ":" + std::to_string(server.port);
  return base + (function.config.route.empty() ? "/" + function.name + "/" : function.config.route + "/");
}

}  // namespace wisp::manifest
